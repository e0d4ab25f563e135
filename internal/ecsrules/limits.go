package ecsrules

import (
	"fmt"
	"math"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Limits AWS documents for the values efsfargate writes. Each names its
// source, so that nothing the validator accepts is refused later by
// cfn-lint, CloudFormation or the service.

// MaxImageLength and imageRe: ECS ContainerDefinition "image": "Up to 255
// letters (uppercase and lowercase), numbers, hyphens, underscores, colons,
// periods, forward slashes, and number signs are allowed", plus "@" of the
// registry/repository@digest form the same page documents.
const MaxImageLength = 255

func imageRune(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("_.:/#@-", r)
}

// ImagePattern is the JSON Schema pattern of CheckImage's characters.
const ImagePattern = `^[A-Za-z0-9_.:/#@-]+$`

// CheckImage applies ECS's rules for a container image reference.
func CheckImage(image string) error {
	if n := utf8.RuneCountInString(image); n > MaxImageLength {
		return fmt.Errorf("image is %d characters long and ECS accepts at most %d (use a shorter repository name or tag)", n, MaxImageLength)
	}
	if i := strings.IndexFunc(image, func(r rune) bool { return !imageRune(r) }); i >= 0 {
		r, _ := utf8.DecodeRuneInString(image[i:])
		return fmt.Errorf("image %q contains %q, which ECS does not accept (use letters, digits and - _ . : / # @ only)", image, r)
	}
	return nil
}

// MaxTagValueLength and tagValueRe: EFS API reference, data type Tag:
// Value "Length Constraints: Maximum length of 256", pattern
// ^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$ (the same for file systems and access
// points).
const MaxTagValueLength = 256

var tagValueRe = regexp.MustCompile(`^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$`)

// CheckEFSTagValue applies EFS's rules for a tag value; what names the tag
// (e.g. "the file system's Name tag") starts the message.
func CheckEFSTagValue(what, v string) error {
	if n := utf8.RuneCountInString(v); n > MaxTagValueLength {
		return fmt.Errorf("%s is %d characters long and EFS accepts at most %d (shorten it)", what, n, MaxTagValueLength)
	}
	if !tagValueRe.MatchString(v) {
		return fmt.Errorf("%s %q contains characters EFS refuses in tags (use letters, digits, spaces and _ . : / = + - @)", what, v)
	}
	return nil
}

// MaxAccessPointPathLength, MaxAccessPointDepth and the refused characters:
// EFS API reference, data type RootDirectory, Path: "Length Constraints:
// Minimum length of 1. Maximum length of 100", pattern
// ^(\/|(\/(?!\.)+[^$#<>;`|&?{}^*/\n]+){1,4})$: at most four components,
// none starting with ".".
const (
	MaxAccessPointPathLength = 100
	MaxAccessPointDepth      = 4
	accessPointPathRefused   = "$#<>;`|&?{}^*\n"
)

// CheckAccessPointPath applies EFS's rules for an access point's root
// directory.
func CheckAccessPointPath(p string) error {
	switch {
	case !strings.HasPrefix(p, "/"):
		return fmt.Errorf("access point path %q is relative (write an absolute path such as /%s)", p, strings.TrimLeft(p, "./"))
	case utf8.RuneCountInString(p) > MaxAccessPointPathLength:
		return fmt.Errorf("access point path is %d characters long and EFS accepts at most %d (use a shorter path)", utf8.RuneCountInString(p), MaxAccessPointPathLength)
	case p == "/":
		return nil
	case strings.HasSuffix(p, "/") || strings.Contains(p, "//"):
		return fmt.Errorf("access point path %q is not clean (write it without // or a trailing slash, e.g. /data/app)", p)
	}
	parts := strings.Split(p[1:], "/")
	if len(parts) > MaxAccessPointDepth {
		return fmt.Errorf("access point path %q has more than four subdirectories (use at most %d levels, e.g. /a/b/c/d)", p, MaxAccessPointDepth)
	}
	for _, c := range parts {
		if strings.HasPrefix(c, ".") {
			return fmt.Errorf("access point path %q has a component starting with \".\", which EFS refuses (rename %q)", p, c)
		}
	}
	if i := strings.IndexFunc(p, func(r rune) bool { return r < 0x20 || r == 0x7f || strings.ContainsRune(accessPointPathRefused, r) }); i >= 0 {
		r, _ := utf8.DecodeRuneInString(p[i:])
		return fmt.Errorf("access point path %q contains %q, which EFS refuses (use letters, digits, - _ . and /)", p, r)
	}
	return nil
}

// CheckHealthCheckCommand applies ECS's HealthCheck.command rules: a
// non-empty list starting with CMD (exec form, then the program and its
// arguments), CMD-SHELL (then one shell command) or NONE.
func CheckHealthCheckCommand(cmd []string) error {
	const fix = "(write e.g. [CMD-SHELL, curl -f http://localhost/ || exit 1])"
	if len(cmd) == 0 {
		return fmt.Errorf("the health check command is empty %s", fix)
	}
	switch cmd[0] {
	case "NONE":
		return nil
	case "CMD", "CMD-SHELL":
		if len(cmd) < 2 {
			return fmt.Errorf("%s needs the command to run after it %s", cmd[0], fix)
		}
		return nil
	}
	return fmt.Errorf("health check command must start with CMD, CMD-SHELL or NONE %s", fix)
}

// Provisioned throughput bounds: EFS API reference, CreateFileSystem,
// ProvisionedThroughputInMibps: "Valid Range: Minimum value of 1.0", and
// "Valid values are 1-3414 MiBps, with the upper limit depending on Region."
const (
	MinProvisionedMibps = 1.0
	MaxProvisionedMibps = 3414.0
)

// MaxDesiredCount: Amazon ECS service quotas, "Tasks per service", 5,000,
// not adjustable.
const MaxDesiredCount = 5000

// CheckDesiredCount checks a service's desired task count.
func CheckDesiredCount(n int) error {
	if n < 0 || n > MaxDesiredCount {
		return fmt.Errorf("desired_count %d is out of range (use 0 to %d, ECS's limit of tasks per service)", n, MaxDesiredCount)
	}
	return nil
}

// kmsKeyRe: the KmsKeyId pattern of AWS::EFS::FileSystem that cfn-lint
// enforces (key id, multi-Region key id, alias name, key or alias ARN).
var kmsKeyRe = regexp.MustCompile(`^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32}|alias/[a-zA-Z0-9/_-]+|arn:aws[-a-z]*:kms:[a-z0-9-]+:\d{12}:(key/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|key/mrk-[0-9a-f]{32}|alias/[a-zA-Z0-9/_-]+))$`)

// KMSKeyPattern is kmsKeyRe's source, for the JSON Schema.
func KMSKeyPattern() string { return kmsKeyRe.String() }

// MaxKMSKeyIDLength: EFS API reference, CreateFileSystem, KmsKeyId.
const MaxKMSKeyIDLength = 2048

// CheckKMSKeyID accepts a KMS key id, key ARN, alias name or alias ARN.
func CheckKMSKeyID(id string) error {
	if len(id) > MaxKMSKeyIDLength || !kmsKeyRe.MatchString(id) {
		return fmt.Errorf("kms_key_id %q is not a KMS key id, key ARN, alias name or alias ARN (write e.g. 1234abcd-12ab-34cd-56ef-1234567890ab, arn:aws:kms:us-east-1:123456789012:key/…, alias/efs-data)", id)
	}
	return nil
}

// CheckProvisionedMibps checks the value of provisioned throughput.
func CheckProvisionedMibps(mibps float64) error {
	if math.IsNaN(mibps) || math.IsInf(mibps, 0) || mibps < MinProvisionedMibps || mibps > MaxProvisionedMibps {
		return fmt.Errorf("provisioned throughput %g MiB/s is out of range (use %g to %g; EFS's minimum is 1 MiB/s)", mibps, MinProvisionedMibps, MaxProvisionedMibps)
	}
	return nil
}

// MaxLogicalIDLength: CloudFormation template anatomy, "The logical ID
// must be alphanumeric (A-Za-z0-9) and unique within the template", and
// resource quotas: "Resource name: 255 characters".
const MaxLogicalIDLength = 255
