package spec

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/efsfargate/efsfargate/internal/images"
)

// What a service needs at run time beyond its mounts: the container's user,
// how it is redeployed, its secrets, whom it calls, a read-only root.

// posixID is a decimal number from 0 to 4294967295 (2^32-1), at most ten
// digits.
const posixID = `(?:[0-9]{1,9}|0[0-9]{9}|[1-3][0-9]{9}|4[01][0-9]{8}|42[0-8][0-9]{7}|429[0-3][0-9]{6}|4294[0-8][0-9]{5}|42949[0-5][0-9]{4}|429496[0-6][0-9]{3}|4294967[01][0-9]{2}|42949672[0-8][0-9]|429496729[0-5])`

var (
	// userRe is uid:gid with each id in 0..4294967295, spelled so that
	// the JSON Schema states the range the validator checks.
	userRe = regexp.MustCompile(`^` + posixID + `:` + posixID + `$`)
	// userShapeRe tells "not uid:gid" from "out of range".
	userShapeRe = regexp.MustCompile(`^[0-9]{1,10}:[0-9]{1,10}$`)
	// Secrets Manager: arn:…:secret:name[-AbCdEf][:json-key:version-stage:version-id].
	secretARNRe   = regexp.MustCompile(`^(arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:[A-Za-z0-9/_+=.@-]+)((?::[A-Za-z0-9_.+=@-]*){3})?$`)
	secretSuffix  = regexp.MustCompile(`-[A-Za-z0-9]{6}$`)
	ssmARNRe      = regexp.MustCompile(`^arn:aws[a-z-]*:ssm:[a-z0-9-]+:[0-9]{12}:parameter/[A-Za-z0-9_.\-/]+$`)
	ssmNameRe     = regexp.MustCompile(`^/?[A-Za-z0-9_.\-]+(/[A-Za-z0-9_.\-]+)*$`)
	kmsKeyARNRe   = regexp.MustCompile(`^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[0-9a-f-]{36}$`)
	scratchNameRe = regexp.MustCompile(`^scratch-[0-9]+$`)
)

// Deployment strategies.
const (
	Rolling  = "rolling"
	Recreate = "recreate"
)

func (r *resolver) runtime(path string, f *ServiceFile, s *Service) {
	if f.User != nil {
		s.User = *f.User
		if !userShapeRe.MatchString(s.User) {
			r.fail(join(path, "user"), `write the numeric uid and gid, e.g. user: "999:999"`, "%q is not uid:gid", s.User)
		} else if _, _, err := parseUser(s.User); err != nil || !userRe.MatchString(s.User) {
			r.fail(join(path, "user"), "use POSIX ids from 0 to 4294967295", "user %q is outside 0..4294967295", s.User)
		}
	}
	s.Deployment = r.enum(join(path, "deployment"), f.Deployment, "", Rolling, Recreate)
	s.MultipleWriters = deref(f.MultipleWriters, false)
	s.ReadOnlyRootFilesystem = deref(f.ReadOnlyRootFilesystem, false)
	r.secrets(path, f, s)
	r.scratch(join(path, "scratch"), f.Scratch, s)
	seen := map[string]bool{}
	for i, c := range f.ConnectsTo {
		if seen[c] {
			r.fail(index(join(path, "connects_to"), i), "list each service once", "%s is listed twice", c)
			continue
		}
		seen[c] = true
		s.ConnectsTo = append(s.ConnectsTo, c)
	}
}

func parseUser(u string) (uid, gid int, err error) {
	a, b, _ := strings.Cut(u, ":")
	x, err1 := strconv.ParseUint(a, 10, 32)
	y, err2 := strconv.ParseUint(b, 10, 32)
	if err1 != nil || err2 != nil {
		return 0, 0, fmt.Errorf("user %q is outside 0..4294967295", u)
	}
	return int(x), int(y), nil
}

func (r *resolver) secrets(path string, f *ServiceFile, s *Service) {
	for _, name := range slices.Sorted(maps.Keys(f.Secrets)) {
		at := join(join(path, "secrets"), name)
		v := strings.TrimSpace(f.Secrets[name])
		if !envNameRe.MatchString(name) {
			r.fail(at, "use letters, digits and underscores, not starting with a digit", "%q is not a valid environment variable name", name)
			continue
		}
		if _, clash := f.Environment[name]; clash {
			r.fail(at, "remove "+name+" from environment: a secret must not also be plain text", "%s is set both in environment and in secrets", name)
			continue
		}
		sec := Secret{Name: name, ValueFrom: v}
		switch {
		case secretARNRe.MatchString(v):
			m := secretARNRe.FindStringSubmatch(v)
			sec.Resource = m[1]
			if !secretSuffix.MatchString(sec.Resource) {
				// A partial ARN: IAM needs the six characters Secrets
				// Manager appends to the name.
				sec.Resource += "-??????"
			}
		case len(v) > 2048:
			r.fail(at, "use a parameter name of at most 2048 characters", "%q is too long for a secret reference", v)
			continue
		case ssmARNRe.MatchString(v):
			sec.SSM, sec.Resource = true, v
		case strings.HasPrefix(v, "arn:"):
			r.fail(at, "give a Secrets Manager secret ARN (arn:aws:secretsmanager:…:secret:name-AbCdEf, optionally followed by :json-key:version-stage:version-id) or an SSM parameter ARN or name",
				"%q is neither a Secrets Manager secret ARN nor an SSM parameter ARN", v)
			continue
		case ssmNameRe.MatchString(v):
			sec.SSM = true
			sec.Resource = "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/" + strings.TrimPrefix(v, "/")
		default:
			r.fail(at, "give a Secrets Manager secret ARN or an SSM parameter name such as /myapp/db-password", "%q is not a secret ARN or a parameter name", v)
			continue
		}
		if !strings.HasPrefix(sec.Resource, "arn:${") {
			sec.Resource = partitionFree(sec.Resource)
		}
		s.Secrets = append(s.Secrets, sec)
	}
	if f.SecretsKmsKey != nil {
		s.SecretsKmsKey = *f.SecretsKmsKey
		at := join(path, "secrets_kms_key")
		if !kmsKeyARNRe.MatchString(s.SecretsKmsKey) {
			r.fail(at, "give the key's ARN, arn:aws:kms:<region>:<account>:key/<key-id>", "%q is not a KMS key ARN", s.SecretsKmsKey)
		} else {
			s.SecretsKmsKey = partitionFree(s.SecretsKmsKey)
		}
		if len(f.Secrets) == 0 {
			r.warn(at, "remove secrets_kms_key, or add secrets", "secrets_kms_key without secrets grants nothing")
		}
	}
}

// partitionFree writes an ARN's partition as ${AWS::Partition}, so the
// policy that names it deploys in every partition (cfn-lint I3042).
func partitionFree(arn string) string {
	parts := strings.SplitN(arn, ":", 3)
	if len(parts) < 3 {
		return arn
	}
	return "arn:${AWS::Partition}:" + parts[2]
}

func (r *resolver) scratch(path string, list []string, s *Service) {
	mounted := map[string]bool{}
	for _, m := range s.Mounts {
		mounted[m.Path] = true
		if len(list) > 0 && scratchNameRe.MatchString(m.Volume) {
			r.fail(path, "rename volume "+m.Volume+": scratch paths take the names scratch-1, scratch-2 …", "volume name %q is taken by a scratch path", m.Volume)
		}
	}
	for i, p := range list {
		at := index(path, i)
		switch {
		case !strings.HasPrefix(p, "/") || p == "/" || strings.Contains(p, "//") || strings.HasSuffix(p, "/") || strings.Contains(p, "/../") || strings.HasSuffix(p, "/.."):
			r.fail(at, "write a clean absolute path such as /tmp", "%q is not a clean absolute path", p)
		case mounted[p]:
			r.fail(at, "mount each path once", "%s is already mounted", p)
		default:
			mounted[p] = true
			s.Scratch = append(s.Scratch, p)
		}
	}
}

// workloads runs once every service is known: who owns each volume's
// access point, how each service is redeployed, and whom it may call.
func (r *resolver) workloads() {
	r.volumeOwners()
	byName := map[string]*Service{}
	for i := range r.p.Services {
		byName[r.p.Services[i].Name] = &r.p.Services[i]
	}
	for i := range r.p.Services {
		s := &r.p.Services[i]
		path := join("services", s.Name)
		r.checkOwners(path, s)
		r.deployment(path, s)
		for j, c := range s.ConnectsTo {
			at := index(join(path, "connects_to"), j)
			server, ok := byName[c]
			switch {
			case !ok:
				r.fail(at, "name a service of this file", "%q is not a service", c)
			case c == s.Name:
				r.fail(at, "remove it: a service reaches itself without a rule", "a service cannot connect to itself")
			case server.Port == 0:
				r.fail(at, "give service "+c+" a port", "service %s has no port to connect to", c)
			}
		}
	}
}

// writable reports whether any of s's mounts may write.
func writable(s *Service) bool {
	for _, m := range s.Mounts {
		if !m.ReadOnly {
			return true
		}
	}
	return false
}

// volumeOwners gives each new access point whose uid and gid the file does
// not set the user of the services that write through it, so an image that
// chowns or checks its data directory finds it already its own.
func (r *resolver) volumeOwners() {
	type claim struct {
		uid, gid int
		at       string
	}
	claims := map[string]claim{}
	for i := range r.p.Services {
		s := &r.p.Services[i]
		uid, gid, ok := images.Owner(s.Image, s.User)
		if !ok {
			continue
		}
		for j, m := range s.Mounts {
			if m.ReadOnly || r.explicitOwner(m.Volume) {
				continue
			}
			at := index(join(join("services", s.Name), "volumes"), j)
			if c, seen := claims[m.Volume]; seen {
				if c.uid != uid || c.gid != gid {
					r.fail(at, "give volume "+m.Volume+" an access_point uid and gid, or the services the same user",
						"volume %q is written as %d:%d here and as %d:%d at %s", m.Volume, uid, gid, c.uid, c.gid, c.at)
				}
				continue
			}
			claims[m.Volume] = claim{uid, gid, at}
			if v := r.p.Volume(m.Volume); v != nil && v.ExistingAccessPointID == "" {
				v.UID, v.GID = uid, gid
			}
		}
	}
}

// explicitOwner reports whether the file sets the volume's uid and gid or
// names an existing access point.
func (r *resolver) explicitOwner(volume string) bool {
	def := r.volumeDefs[volume]
	return def != nil && def.explicit != nil && (def.explicit.UID != nil || def.explicit.ID != nil)
}

// checkOwners refuses a writable mount whose access point acts as another
// user than the one a known image chowns or checks its data directory for.
func (r *resolver) checkOwners(path string, s *Service) {
	for j, m := range s.Mounts {
		v := r.p.Volume(m.Volume)
		if m.ReadOnly || v == nil || v.ExistingAccessPointID != "" {
			continue
		}
		at := index(join(path, "volumes"), j)
		if r.failedAt(at, true) {
			continue // its access point is already reported
		}
		err, fatal := images.CheckOwner(s.Image, s.User, v.UID, v.GID, m.Volume, m.Path)
		switch {
		case err == nil:
		case fatal:
			r.failErr(at, err)
		default:
			r.warn(at, "", "%s", err.Error())
		}
	}
}

// deployment decides rolling or recreate: a known single-writer store on a
// writable volume must not see two tasks at once.
func (r *resolver) deployment(path string, s *Service) {
	single := images.SingleWriterStore(s.Image, writable(s)) && !s.MultipleWriters
	if s.Deployment == "" {
		s.Deployment = Rolling
		if single {
			s.Deployment = Recreate
		}
	}
	if !single {
		return
	}
	const why = "keeps a single-writer store on a writable volume: a second task on the same data directory fails on its lock or corrupts it"
	if s.Deployment == Rolling {
		r.fail(join(path, "deployment"), "use deployment: recreate (the default here), or set multiple_writers: true if the image coordinates several writers", "%s %s, and a rolling deploy starts the new task before the old one stops", s.Image, why)
	}
	if s.DesiredCount > 1 {
		r.fail(join(path, "desired_count"), "use desired_count: 1, or set multiple_writers: true if the image coordinates several writers", "%s %s", s.Image, why)
	}
}
