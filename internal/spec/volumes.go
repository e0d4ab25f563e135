package spec

import (
	"strconv"
	"strings"

	"github.com/efsfargate/efsfargate/internal/ecsrules"
)

// volumeDef remembers where a volume's access point settings were first
// given, to report conflicting settings at the second place.
type volumeDef struct {
	explicit *AccessPointFile
	where    string
	index    int // in Project.Volumes
}

// volume is Project.Volume in constant time.
func (r *resolver) volume(name string) *Volume {
	if def, ok := r.volumeDefs[name]; ok {
		return &r.p.Volumes[def.index]
	}
	return nil
}

func itoa(n int) string { return strconv.Itoa(n) }

// rootAccessUse is a mount that asked for ClientRootAccess.
type rootAccessUse struct{ at, volume string }

// checkRootAccess runs once every volume's access point is known: an access
// point with a non-root POSIX user makes every operation that user's, so
// ClientRootAccess would be granted for nothing.
func (r *resolver) checkRootAccess() {
	for _, u := range r.rootAccess {
		v := r.volume(u.volume)
		if v == nil || v.ExistingAccessPointID != "" || v.UID == 0 {
			continue
		}
		r.fail(u.at, "remove root_access, or set access_point uid: 0 and gid: 0 to act as root", "root_access has no effect: the access point of volume %q runs every file operation as uid %d", u.volume, v.UID)
	}
}

func (r *resolver) mounts(path string, entries []VolumeEntry) []Mount {
	var out []Mount
	paths := map[string]string{} // container path → entry that mounted it
	for i, e := range entries {
		at := index(path, i)
		if r.failedAt(at, true) {
			continue // the entry could not be read; don't pile on
		}
		long, ok := r.volumeLong(at, e)
		if !ok {
			continue
		}
		m := Mount{Volume: long.Name, Path: long.Path, ReadOnly: deref(long.ReadOnly, defReadOnly), RootAccess: deref(long.RootAccess, defRootAccess)}
		if !r.checkMount(at, long) {
			continue
		}
		if first, dup := paths[m.Path]; dup {
			r.fail(at, "mount each path once, or pick another path", "%s is already mounted by %s", m.Path, first)
			continue
		}
		paths[m.Path] = at
		r.addVolume(at, long)
		if m.RootAccess {
			r.rootAccess = append(r.rootAccess, rootAccessUse{at: join(at, "root_access"), volume: m.Volume})
		}
		out = append(out, m)
	}
	return out
}

// volumeLong turns either form into the long form.
func (r *resolver) volumeLong(at string, e VolumeEntry) (*VolumeLong, bool) {
	if e.Long != nil {
		return e.Long, true
	}
	const form = "write <volume-name>:<container-path> or <volume-name>:<container-path>:ro"
	parts := strings.Split(e.Short, ":")
	if len(parts) < 2 || len(parts) > 3 {
		r.fail(at, form+", e.g. data-store:/data/db", "%q is not a volume entry", e.Short)
		return nil, false
	}
	v := &VolumeLong{Name: parts[0], Path: parts[1]}
	if len(parts) == 3 {
		switch parts[2] {
		case "ro":
			v.ReadOnly = new(true)
		case "rw":
			v.ReadOnly = new(false)
		default:
			r.fail(at, "use :ro for read-only or :rw (the default) for read-write", "%q is not a mount mode", parts[2])
			return nil, false
		}
	}
	return v, true
}

func (r *resolver) checkMount(at string, v *VolumeLong) bool {
	ok := true
	switch {
	case v.Name == "":
		r.fail(at, "name the volume before the colon, e.g. data-store:/data/db", "volume name is missing")
		ok = false
	case !volumeNameRe.MatchString(v.Name):
		r.fail(at, volumeNameRule, "%q is not a valid volume name", v.Name)
		ok = false
	}
	switch {
	case v.Path == "":
		r.fail(at, "give the container path after the colon, e.g. data-store:/data/db", "container path is missing")
		ok = false
	case ecsrules.CheckContainerPath(v.Path) != nil:
		r.failErr(at, ecsrules.CheckContainerPath(v.Path))
		ok = false
	}
	// ECS's rules for EFS volumes. efsfargate always mounts through an
	// access point with IAM authorization and TLS, so only the defaults pass.
	if !deref(v.TransitEncryption, defTransitEncryption) && deref(v.IAMAuthorization, defIAMAuthorization) {
		r.fail(join(at, "transit_encryption"), "remove transit_encryption: false; IAM authorization requires transit encryption", "IAM authorization requires transit encryption")
		ok = false
	}
	if v.IAMAuthorization != nil && !*v.IAMAuthorization {
		r.fail(join(at, "iam_authorization"), "remove iam_authorization: false; the file-system policy admits only clients authorized by their task role", "IAM authorization cannot be turned off")
		ok = false
	}
	if v.TransitEncryption != nil && !*v.TransitEncryption && v.IAMAuthorization != nil && !*v.IAMAuthorization {
		r.fail(join(at, "transit_encryption"), "remove transit_encryption: false", "NFS traffic is always encrypted in transit")
	}
	if deref(v.RootDirectory, defRootDirectory) != "/" {
		r.fail(join(at, "root_directory"), "remove root_directory and set access_point.path: "+*v.RootDirectory, "a root directory other than / cannot be combined with an access point")
		ok = false
	}
	return ok
}

// addVolume registers the project-wide volume on first sight and checks
// that later uses agree with its access point settings.
func (r *resolver) addVolume(at string, v *VolumeLong) {
	if r.volumeDefs == nil {
		r.volumeDefs, r.volumeIDs = map[string]*volumeDef{}, map[string]string{}
	}
	if def, seen := r.volumeDefs[v.Name]; seen {
		if v.AccessPoint == nil {
			return
		}
		if def.explicit == nil {
			def.explicit, def.where = v.AccessPoint, at
			r.setAccessPoint(at, r.volume(v.Name), v.AccessPoint)
			return
		}
		if key, here, there := accessPointDiff(def.explicit, v.AccessPoint); key != "" {
			r.fail(join(at, "access_point"), "give volume "+v.Name+" the same access_point everywhere, or use another volume name", "volume %q sets access_point.%s to %s here and to %s at %s", v.Name, key, here, there, def.where)
		}
		return
	}
	// The name's length bounds its access point's logical ID: counting
	// only its letters and digits would be exact but not expressible in
	// the schema.
	logical := LogicalName(v.Name)
	if len(v.Name) > maxVolumeLogicalName {
		r.fail(at, "use a volume name of at most "+itoa(maxVolumeLogicalName)+" characters", "volume name is %d characters long: its access point's logical ID would pass CloudFormation's limit of %d", len(v.Name), ecsrules.MaxLogicalIDLength)
		return
	}
	if other, clash := r.volumeIDs[logical]; clash {
		r.fail(at, "rename one of them", "volume %q and volume %q give the same logical ID %sAccessPoint", v.Name, other, logical)
		return
	}
	r.volumeIDs[logical] = v.Name
	vol := Volume{Name: v.Name, Path: "/" + v.Name, UID: defUID, GID: defGID, Permissions: defPermissions}
	if v.AccessPoint == nil || v.AccessPoint.ID == nil {
		if err := ecsrules.CheckEFSTagValue("the access point's Name tag <app>-<stage>-<volume>", r.p.Name()+"-"+v.Name); err != nil {
			r.fail(at, "use a shorter volume name, app or stage", "%s", withoutFix(err))
		}
	}
	r.p.Volumes = append(r.p.Volumes, vol)
	r.volumeDefs[v.Name] = &volumeDef{explicit: v.AccessPoint, where: at, index: len(r.p.Volumes) - 1}
	if v.AccessPoint != nil {
		r.setAccessPoint(at, &r.p.Volumes[len(r.p.Volumes)-1], v.AccessPoint)
	}
}

func (r *resolver) setAccessPoint(at string, vol *Volume, ap *AccessPointFile) {
	at = join(at, "access_point")
	if ap.ID != nil {
		vol.ExistingAccessPointID = *ap.ID
		r.failErr(join(at, "id"), ecsrules.CheckAccessPointID(*ap.ID))
		if ap.Path != nil || ap.UID != nil || ap.GID != nil || ap.Permissions != nil {
			r.fail(at, "remove path, uid, gid and permissions: the existing access point already has them", "an existing access point (id) cannot be combined with path, uid, gid or permissions")
		}
		if r.p.FileSystem.Managed {
			r.fail(join(at, "id"), "set file_system.id to the access point's file system, or remove access_point.id", "an existing access point needs an existing file system")
		}
		return
	}
	if (ap.UID == nil) != (ap.GID == nil) {
		r.fail(at, "give uid and gid together", "uid and gid must come together")
	}
	if ap.UID != nil {
		vol.UID = *ap.UID
		if err := ecsrules.CheckPosixID(vol.UID); err != nil {
			r.fail(join(at, "uid"), "use a POSIX id from 0 to 4294967295", "uid %s", err)
		}
	}
	if ap.GID != nil {
		vol.GID = *ap.GID
		if err := ecsrules.CheckPosixID(vol.GID); err != nil {
			r.fail(join(at, "gid"), "use a POSIX id from 0 to 4294967295", "gid %s", err)
		}
	}
	if ap.Permissions != nil {
		vol.Permissions = *ap.Permissions
		r.failErr(join(at, "permissions"), ecsrules.CheckPermissions(vol.Permissions))
	}
	if ap.Path != nil {
		vol.Path = *ap.Path
		r.failErr(join(at, "path"), ecsrules.CheckAccessPointPath(vol.Path))
	}
}

// checkDefaultPaths runs once every volume's access point is known: a
// volume whose path was never given gets /<name>, which must fit EFS's
// rules too.
func (r *resolver) checkDefaultPaths() {
	for _, v := range r.p.Volumes {
		def := r.volumeDefs[v.Name]
		if v.ExistingAccessPointID != "" || (def.explicit != nil && def.explicit.Path != nil) {
			continue
		}
		if err := ecsrules.CheckAccessPointPath(v.Path); err != nil {
			r.fail(def.where, "give the volume an access_point.path such as /data, or use a shorter volume name", "the access point path defaults to /<volume name>, which EFS refuses: %s", withoutFix(err))
		}
	}
}

// accessPointDiff names the first setting on which two explicit access point
// definitions differ, with b's and a's values, or returns "".
func accessPointDiff(a, b *AccessPointFile) (key, inB, inA string) {
	show := func(s *string) string { return deref(s, "(default)") }
	showInt := func(n *int) string {
		if n == nil {
			return "(default)"
		}
		return itoa(*n)
	}
	for _, c := range []struct{ name, x, y string }{
		{"id", show(a.ID), show(b.ID)},
		{"path", show(a.Path), show(b.Path)},
		{"uid", showInt(a.UID), showInt(b.UID)},
		{"gid", showInt(a.GID), showInt(b.GID)},
		{"permissions", show(a.Permissions), show(b.Permissions)},
	} {
		if c.x != c.y {
			return c.name, c.y, c.x
		}
	}
	return "", "", ""
}

// withoutFix drops the "(fix)" an ecsrules message ends with, where the
// caller gives a fix that fits the spec better.
func withoutFix(err error) string {
	s := err.Error()
	if i := strings.LastIndex(s, " ("); i > 0 && strings.HasSuffix(s, ")") {
		return s[:i]
	}
	return s
}
