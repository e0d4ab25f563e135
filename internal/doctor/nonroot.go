package doctor

import "strings"

// nonRootImages lists popular images whose process runs as (or drops to) a
// non-root user, with that user. Their entrypoints chown or write the data
// directory as that user, which fails on a fresh EFS root directory owned
// by root unless an access point sets the owner. Keys are repositories
// without registry or tag; "bitnami/" covers every Bitnami image.
var nonRootImages = map[string]string{
	"postgres":                    "uid 999 (postgres)",
	"mysql":                       "uid 999 (mysql)",
	"mariadb":                     "uid 999 (mysql)",
	"mongo":                       "uid 999 (mongodb)",
	"redis":                       "uid 999 (redis)",
	"rabbitmq":                    "uid 999 (rabbitmq)",
	"grafana/grafana":             "uid 472 (grafana)",
	"grafana/grafana-oss":         "uid 472 (grafana)",
	"grafana/grafana-enterprise":  "uid 472 (grafana)",
	"jenkins/jenkins":             "uid 1000 (jenkins)",
	"jenkins":                     "uid 1000 (jenkins)",
	"elasticsearch":               "uid 1000 (elasticsearch)",
	"elasticsearch/elasticsearch": "uid 1000 (elasticsearch)",
	"sonarqube":                   "uid 1000 (sonarqube)",
	"prom/prometheus":             "uid 65534 (nobody)",
	"bitnami/":                    "uid 1001",
}

// imageUser returns the non-root user an image is known to run as.
func imageUser(image string) (string, bool) {
	repo := imageRepo(image)
	if u, ok := nonRootImages[repo]; ok {
		return u, true
	}
	if strings.HasPrefix(repo, "bitnami/") {
		return nonRootImages["bitnami/"], true
	}
	return "", false
}

// imageRepo strips registry, digest and tag: "docker.io/library/postgres:16"
// and "123.dkr.ecr.us-east-1.amazonaws.com/postgres@sha256:…" are "postgres".
func imageRepo(image string) string {
	if i := strings.Index(image, "@"); i >= 0 {
		image = image[:i]
	}
	if i := strings.LastIndex(image, ":"); i > strings.LastIndex(image, "/") {
		image = image[:i]
	}
	if first, rest, ok := strings.Cut(image, "/"); ok && (strings.ContainsAny(first, ".:") || first == "localhost") {
		image = rest
	}
	return strings.TrimPrefix(strings.ToLower(image), "library/")
}

// rootUser reports whether a container User value means root.
func rootUser(u string) bool {
	name, _, _ := strings.Cut(u, ":")
	return name == "0" || name == "root"
}
