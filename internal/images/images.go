// Package images knows the user and data habits of well-known container
// images: which uid they run as, whether their entrypoint chowns or checks
// the owner of the data directory, and whether two processes may share it.
// The doctor and the spec use it to pick access-point owners and deploy
// settings that work at run time. No AWS libraries.
package images

import (
	"fmt"
	"strconv"
	"strings"
)

// Image is what efsfargate knows about a well-known container image.
type Image struct {
	Repository   string   // normalized repository, e.g. "postgres", "bitnami/" for the Bitnami family
	UID, GID     int      // the user the image runs as / drops to
	User         string   // e.g. "postgres"
	OwnsDataDir  bool     // the entrypoint chowns or checks the owner of its data directory (fails through an access point with another uid)
	SingleWriter bool     // one process per data directory: two tasks on it fail (locks) or corrupt it
	DataDirs     []string // the image's usual data directories, e.g. /var/lib/postgresql/data
}

// known is the table, by normalized repository. Users and directories are
// those of the images' Dockerfiles and entrypoints (official images run as
// root and drop to the user after chowning the data directory).
var known = map[string]Image{
	"postgres": {UID: 999, GID: 999, User: "postgres", OwnsDataDir: true, SingleWriter: true, DataDirs: []string{"/var/lib/postgresql/data"}},
	"mysql":    {UID: 999, GID: 999, User: "mysql", OwnsDataDir: true, SingleWriter: true, DataDirs: []string{"/var/lib/mysql"}},
	"mariadb":  {UID: 999, GID: 999, User: "mysql", OwnsDataDir: true, SingleWriter: true, DataDirs: []string{"/var/lib/mysql"}},
	"mongo":    {UID: 999, GID: 999, User: "mongodb", OwnsDataDir: true, SingleWriter: true, DataDirs: []string{"/data/db", "/data/configdb"}},
	"redis":    {UID: 999, GID: 999, User: "redis", OwnsDataDir: true, SingleWriter: true, DataDirs: []string{"/data"}},
	"rabbitmq": {UID: 999, GID: 999, User: "rabbitmq", DataDirs: []string{"/var/lib/rabbitmq"}},

	"grafana/grafana": {UID: 472, GID: 0, User: "grafana", SingleWriter: true, DataDirs: []string{"/var/lib/grafana"}},

	"jenkins/jenkins": {UID: 1000, GID: 1000, User: "jenkins", SingleWriter: true, DataDirs: []string{"/var/jenkins_home"}},

	"elasticsearch": {UID: 1000, GID: 0, User: "elasticsearch", DataDirs: []string{"/usr/share/elasticsearch/data"}},

	"sonarqube": {UID: 1000, GID: 0, User: "sonarqube", SingleWriter: true, DataDirs: []string{"/opt/sonarqube/data"}},

	"prom/prometheus": {UID: 65534, GID: 65534, User: "nobody", SingleWriter: true, DataDirs: []string{"/prometheus"}},

	"bitnami/": {UID: 1001, GID: 0, User: "1001", OwnsDataDir: true, DataDirs: []string{"/bitnami"}},
}

// aliases map other names of the same image to its table entry.
var aliases = map[string]string{
	"grafana/grafana-oss":                           "grafana/grafana",
	"grafana/grafana-enterprise":                    "grafana/grafana",
	"jenkins":                                       "jenkins/jenkins",
	"elasticsearch/elasticsearch":                   "elasticsearch",
	"docker.elastic.co/elasticsearch/elasticsearch": "elasticsearch",
}

// Lookup returns what is known about image, given as written in a task
// definition or spec ("postgres:16", "docker.io/library/postgres@sha256:…",
// "123456789012.dkr.ecr.us-east-1.amazonaws.com/postgres:16" …).
func Lookup(image string) (Image, bool) {
	repo := Repository(image)
	if a, ok := aliases[repo]; ok {
		repo = a
	}
	key := repo
	if strings.HasPrefix(repo, "bitnami/") {
		key = "bitnami/"
	}
	img, ok := known[key]
	if !ok {
		return Image{}, false
	}
	img.Repository = key
	img.DataDirs = append([]string(nil), img.DataDirs...)
	return img, true
}

// Repository is the normalized repository used for lookup: lower case,
// without tag, digest, or registry host; Docker Hub's library/ prefix and
// public ECR's docker/library/ mirror are dropped. The Elastic registry
// keeps its host, since its repository name alone is ambiguous.
func Repository(image string) string {
	image = strings.ToLower(strings.TrimSpace(image))
	if i := strings.IndexByte(image, '@'); i >= 0 {
		image = image[:i]
	}
	if i := strings.LastIndexByte(image, ':'); i > strings.LastIndexByte(image, '/') {
		image = image[:i]
	}
	if host, rest, ok := strings.Cut(image, "/"); ok && (strings.ContainsAny(host, ".:") || host == "localhost") {
		switch {
		case host == "docker.elastic.co":
			return image
		case host == "public.ecr.aws":
			rest = strings.TrimPrefix(rest, "docker/library/")
		}
		image = rest
	}
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
