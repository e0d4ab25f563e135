package plan

import (
	"strconv"

	"github.com/efsfargate/efsfargate/internal/names"
	"github.com/efsfargate/efsfargate/internal/spec"
)

// Access-point defaults, for the spec and the construct alike.
const (
	DefaultUID         = 1000
	DefaultGID         = 1000
	DefaultPermissions = "755"
)

// AccessPoint is the access point of one volume, shared by every service
// that mounts it, or an existing one (ExistingID).
type AccessPoint struct {
	Volume     string
	LogicalID  string
	ExistingID string
	// Import is the export name of the id of an access point another stack
	// of the project makes (a split layout's service stack).
	Import string
	// Path is the root directory the mounts see.
	Path string
	// UID and GID are the POSIX user every file operation runs as, and the
	// owner of Path when EFS creates it (CreationInfo): without CreationInfo
	// a missing directory makes every mount fail.
	UID, GID    int
	Permissions string
	NameTag     string
}

// UIDString and GIDString are the ids as CloudFormation and CDK write them.
func (a AccessPoint) UIDString() string { return strconv.Itoa(a.UID) }
func (a AccessPoint) GIDString() string { return strconv.Itoa(a.GID) }

// AccessPointOptions are what a user may say about a new access point;
// zero values take the defaults.
type AccessPointOptions struct {
	Path        string
	UID, GID    *int
	Permissions string
}

// NewAccessPoint applies the defaults to a volume's access point: root
// directory /<volume>, owned by and acting as 1000:1000, mode 755.
func NewAccessPoint(volume string, o AccessPointOptions) AccessPoint {
	ap := AccessPoint{
		Volume:      volume,
		LogicalID:   names.AccessPoint(volume),
		Path:        o.Path,
		UID:         DefaultUID,
		GID:         DefaultGID,
		Permissions: o.Permissions,
	}
	if ap.Path == "" {
		ap.Path = "/" + volume
	}
	if o.UID != nil {
		ap.UID = *o.UID
	}
	if o.GID != nil {
		ap.GID = *o.GID
	}
	if ap.Permissions == "" {
		ap.Permissions = DefaultPermissions
	}
	return ap
}

func accessPoints(p *spec.Project) []AccessPoint {
	out := make([]AccessPoint, 0, len(p.Volumes))
	for i := range p.Volumes {
		v := &p.Volumes[i]
		if v.ExistingAccessPointID != "" {
			out = append(out, AccessPoint{Volume: v.Name, LogicalID: names.AccessPoint(v.Name), ExistingID: v.ExistingAccessPointID})
			continue
		}
		uid, gid := v.UID, v.GID
		ap := NewAccessPoint(v.Name, AccessPointOptions{Path: v.Path, UID: &uid, GID: &gid, Permissions: v.Permissions})
		ap.NameTag = p.Name() + "-" + v.Name
		out = append(out, ap)
	}
	return out
}
