// Package images knows the container images EFS on Fargate is used with:
// which user each runs as, whether its entrypoint chowns or checks its data
// directory, and whether only one process may write that directory. The
// spec validator, the plan, the construct and the doctor read it, so they
// agree on what a workload needs. It imports nothing of AWS.
package images

import (
	"fmt"
	"strconv"
	"strings"
)

// Image is what efsfargate knows about a well-known container image.
type Image struct {
	Repository string // normalized repository, e.g. "postgres"; "bitnami/" for the Bitnami family
	UID, GID   int    // the user the image runs as or drops to
	User       string // its name, e.g. "postgres"
	// OwnsDataDir: the entrypoint chowns or checks the owner of its data
	// directory, which fails through an access point with another uid.
	OwnsDataDir bool
	// SingleWriter: one process per data directory; two tasks on it fail
	// on a lock or corrupt it.
	SingleWriter bool
	// DataDirs are the image's usual data directories.
	DataDirs []string
}

var table = []Image{
	{"postgres", 999, 999, "postgres", true, true, []string{"/var/lib/postgresql/data"}},
	{"mysql", 999, 999, "mysql", true, true, []string{"/var/lib/mysql"}},
	{"mariadb", 999, 999, "mysql", true, true, []string{"/var/lib/mysql"}},
	{"mongo", 999, 999, "mongodb", true, true, []string{"/data/db", "/data/configdb"}},
	{"redis", 999, 999, "redis", true, true, []string{"/data"}},
	{"rabbitmq", 999, 999, "rabbitmq", true, true, []string{"/var/lib/rabbitmq"}},
	{"grafana/grafana", 472, 0, "grafana", false, true, []string{"/var/lib/grafana"}},
	{"grafana/grafana-oss", 472, 0, "grafana", false, true, []string{"/var/lib/grafana"}},
	{"grafana/grafana-enterprise", 472, 0, "grafana", false, true, []string{"/var/lib/grafana"}},
	{"jenkins/jenkins", 1000, 1000, "jenkins", false, true, []string{"/var/jenkins_home"}},
	{"jenkins", 1000, 1000, "jenkins", false, true, []string{"/var/jenkins_home"}},
	{"elasticsearch", 1000, 0, "elasticsearch", false, true, []string{"/usr/share/elasticsearch/data"}},
	{"elasticsearch/elasticsearch", 1000, 0, "elasticsearch", false, true, []string{"/usr/share/elasticsearch/data"}},
	{"sonarqube", 1000, 1000, "sonarqube", false, true, []string{"/opt/sonarqube/data"}},
	{"prom/prometheus", 65534, 65534, "nobody", false, true, []string{"/prometheus"}},
	{"bitnami/", 1001, 1001, "1001", true, false, []string{"/bitnami"}},
}

// Lookup returns what is known of image (any registry, tag or digest).
func Lookup(image string) (Image, bool) {
	repo := Repository(image)
	for _, img := range table {
		if img.Repository == repo || (strings.HasSuffix(img.Repository, "/") && strings.HasPrefix(repo, img.Repository)) {
			return img, true
		}
	}
	return Image{}, false
}

// Repository strips registry, digest and tag: "docker.io/library/postgres:16"
// and "123.dkr.ecr.us-east-1.amazonaws.com/postgres@sha256:…" are "postgres".
func Repository(image string) string {
	if i := strings.Index(image, "@"); i >= 0 {
		image = image[:i]
	}
	if i := strings.LastIndex(image, ":"); i > strings.LastIndex(image, "/") {
		image = image[:i]
	}
	if first, rest, ok := strings.Cut(image, "/"); ok && (strings.ContainsAny(first, ".:") || first == "localhost") {
		image = rest
	}
	image = strings.ToLower(image)
	image = strings.TrimPrefix(image, "docker/library/")
	return strings.TrimPrefix(image, "library/")
}

// SingleWriterStore reports whether a service running image with a writable
// volume keeps a single-writer store there: then a second task on the same
// directory (a rolling deploy, desired count 2) fails or corrupts it.
func SingleWriterStore(image string, writable bool) bool {
	img, ok := Lookup(image)
	return ok && writable && img.SingleWriter
}

// Owner is the uid:gid a service writes its volumes as: user ("uid:gid")
// when given, else the user of a known image; ok is false when neither
// says.
func Owner(image, user string) (uid, gid int, ok bool) {
	if user != "" {
		a, b, found := strings.Cut(user, ":")
		x, err1 := strconv.ParseUint(a, 10, 32)
		y, err2 := strconv.ParseUint(b, 10, 32)
		if !found || err1 != nil || err2 != nil {
			return 0, 0, false
		}
		return int(x), int(y), true
	}
	if img, known := Lookup(image); known {
		return img.UID, img.GID, true
	}
	return 0, 0, false
}

// CheckOwner compares the user a writable mount's access point acts as
// with the user a known image needs. It returns nil when they agree, when
// the container runs as the access point's user, or when the image is not
// known; otherwise an error saying what the container does at start, and
// fatal when the image chowns or checks its data directory (the task then
// cannot start) rather than only writing files another user owns.
func CheckOwner(image, user string, uid, gid int, volume, path string) (err error, fatal bool) {
	img, known := Lookup(image)
	if !known || (uid == img.UID && gid == img.GID) || user == fmt.Sprintf("%d:%d", uid, gid) {
		return nil, false
	}
	fix := fmt.Sprintf("use access point uid %d and gid %d (the default for this image), or run the container as user %d:%d", img.UID, img.GID, uid, gid)
	if img.OwnsDataDir {
		return fmt.Errorf("%s runs as %d:%d and takes ownership of its data directory, but the access point of volume %q acts as %d:%d: the container exits with \"chown: changing ownership of '%s': Operation not permitted\" (%s)",
			image, img.UID, img.GID, volume, uid, gid, path, fix), true
	}
	return fmt.Errorf("%s runs as %d:%d but the access point of volume %q acts as %d:%d: its files will be owned by another user than the image's (%s)",
		image, img.UID, img.GID, volume, uid, gid, fix), false
}
