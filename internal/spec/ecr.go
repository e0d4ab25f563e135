package spec

import "regexp"

// ecrImageRe matches private Amazon ECR image URIs:
// <account>.dkr.ecr.<region>.amazonaws.com[.cn]/<repository>[:tag|@digest].
var ecrImageRe = regexp.MustCompile(`^(\d{12})\.dkr\.ecr\.([a-z]{2}(?:-[a-z]+)+-\d)\.amazonaws\.com(?:\.cn)?/([a-z0-9]+(?:[._/-][a-z0-9]+)*)(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[0-9a-f]{64})?$`)

// ecrRepository returns the repository of a private ECR image, or nil for
// any other image (Docker Hub, public.ecr.aws, other registries).
func ecrRepository(image string) *ECRRepository {
	m := ecrImageRe.FindStringSubmatch(image)
	if m == nil {
		return nil
	}
	return &ECRRepository{Account: m[1], Region: m[2], Name: m[3]}
}

// ArnSub is the repository's ARN as a CloudFormation Fn::Sub pattern, so
// it works in every partition; both forms grant pulls on it.
func (r *ECRRepository) ArnSub() string {
	return "arn:${AWS::Partition}:ecr:" + r.Region + ":" + r.Account + ":repository/" + r.Name
}
