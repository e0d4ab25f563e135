package doctor

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/efsfargate/efsfargate/internal/images"
)

// checkImages applies what is known about well-known images to their
// writable EFS mounts: the access point's user must be the image's when
// its entrypoint chowns or checks the data directory (EFD064), and a
// single-writer store must never run twice on one directory (EFD065). It
// also reports secrets in plaintext environment variables (EFD073).
func checkImages(c *checker) {
	for _, td := range c.w.TaskDefs {
		for _, ct := range td.Containers {
			checkPlaintextSecrets(c, td, ct)
			if !ct.Image.LitOK {
				continue
			}
			img, ok := images.Lookup(ct.Image.Lit)
			if !ok {
				continue
			}
			for _, m := range ct.Mounts {
				v := td.volume(m.Source)
				if m.ReadOnly || v == nil || !v.EFS.OK() {
					continue
				}
				checkImageUser(c, td, ct, m, v, img)
			}
		}
	}
	for _, s := range c.w.Services {
		if s.TD != nil && s.T != nil {
			checkSingleWriter(c, s)
		}
	}
}

// volume returns the task volume called name.
func (td *TaskDef) volume(name string) *Volume {
	for _, v := range td.Volumes {
		if v.Name == name {
			return v
		}
	}
	return nil
}

// accessPoint returns the volume's access point when a given template
// creates it: this one, or the one the task definition imports it from.
func (td *TaskDef) accessPoint(v *Volume) *Resource {
	return td.T.resourceTyped(v.AccessPointID, typeAccessPoint)
}

// apUser returns the PosixUser of the volume's access point when a given
// template creates it with literal ids.
func apUser(td *TaskDef, v *Volume) (uid, gid int, ok bool) {
	ap := td.accessPoint(v)
	if ap == nil {
		return 0, 0, false
	}
	pu := ap.Props.Get("PosixUser")
	r := resolver{ap.T}
	u, g := r.eval(pu.Get("Uid")), r.eval(pu.Get("Gid"))
	uid, err1 := strconv.Atoi(u.Lit)
	gid, err2 := strconv.Atoi(g.Lit)
	return uid, gid, u.LitOK && g.LitOK && err1 == nil && err2 == nil
}

func checkImageUser(c *checker, td *TaskDef, ct *Container, m *MountPoint, v *Volume, img images.Image) {
	uid, gid, ok := apUser(td, v)
	if !ok || (uid == img.UID && (gid == img.GID || !img.OwnsDataDir)) {
		return
	}
	if ct.User.LitOK {
		u, g, _ := strings.Cut(ct.User.Lit, ":")
		if u == strconv.Itoa(uid) && (g == "" || g == strconv.Itoa(gid)) {
			return // the container runs as the access point's user
		}
	}
	res := td.accessPoint(v)
	ap := res.ID + fileNote(res, td.T)
	msg := fmt.Sprintf("container %s runs %s, whose process runs as %s (uid %d, gid %d), but access point %s of volume %s makes every file operation run as %d:%d",
		ct.Name, ct.Image.Lit, img.User, img.UID, img.GID, ap, v.Name, uid, gid)
	f := c.add("EFD064", td.Src, td.Name, m.N, msg)
	if img.OwnsDataDir {
		f.Message += fmt.Sprintf(": the entrypoint's chown of %s fails (\"chown: changing ownership of '%s': Operation not permitted\") and the task exits", m.Path, m.Path)
	} else {
		f.Severity = Warning
		f.Message += ": files appear owned by another user than the one the image expects, which some of its tools refuse"
	}
	f.Fix = fmt.Sprintf("Set the access point's PosixUser and CreationInfo to %d:%d, or set the container's User to \"%d:%d\".", img.UID, img.GID, uid, gid)
}

// checkSingleWriter reports a service whose deployments or task count run a
// single-writer image twice on one writable EFS directory (EFD065).
func checkSingleWriter(c *checker, s *Service) {
	var who string
	for _, ct := range s.TD.Containers {
		img, ok := images.Lookup(ct.Image.Lit)
		if !ct.Image.LitOK || !ok || !img.SingleWriter {
			continue
		}
		for _, m := range ct.Mounts {
			if v := s.TD.volume(m.Source); !m.ReadOnly && v != nil && v.EFS.OK() {
				who = fmt.Sprintf("container %s (%s) writes volume %s at %s", ct.Name, ct.Image.Lit, v.Name, m.Path)
			}
		}
	}
	if who == "" || s.Res == nil || s.Res.Type != typeService {
		return
	}
	maxAt := s.N.At("DeploymentConfiguration", "MaximumPercent")
	maxV := s.R.eval(maxAt)
	maxPct, known := 200, true // ECS's default for a rolling deployment
	if !maxV.Absent {
		n, err := strconv.Atoi(maxV.Lit)
		maxPct, known = n, maxV.LitOK && err == nil
	}
	if known && maxPct > 100 {
		setting := fmt.Sprintf("MaximumPercent is %d", maxPct)
		if maxV.Absent {
			setting = "MaximumPercent is unset (200 by default)"
		}
		c.add("EFD065", s.Src, s.Name, maxAt, fmt.Sprintf("service %s: %s, a single-writer store; %s, so each deployment starts a second task on the same data before stopping the first", s.Name, who, setting))
	}
	dcAt := s.N.Get("DesiredCount")
	if dc := s.R.eval(dcAt); dc.LitOK {
		if n, err := strconv.Atoi(dc.Lit); err == nil && n > 1 {
			c.add("EFD065", s.Src, s.Name, dcAt, fmt.Sprintf("service %s: %s, a single-writer store, and DesiredCount is %d: the tasks share one data directory", s.Name, who, n))
		}
	}
}

// secretName matches environment variable names that hold credentials:
// the name ends with the word (DB_PASSWORD, GITHUB_TOKEN, SECRET_KEY_BASE),
// so ALLOW_EMPTY_PASSWORD or AUTH_TOKEN_HEADER, which hold settings, and
// PASSWORD_FILE, which names a file, do not.
var secretName = regexp.MustCompile(`(?i)(^|_)(PASSWORD|PASSWD|PASS|PWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|SECRET_?KEY(_BASE)?|ACCESS_?KEY|CREDENTIALS?)$`)

// settingValue matches values that are switches, not secrets.
var settingValue = regexp.MustCompile(`(?i)^(yes|no|true|false|on|off|0|1)$`)

func checkPlaintextSecrets(c *checker, td *TaskDef, ct *Container) {
	for _, e := range ct.N.Get("Environment").Items() {
		name := td.R.eval(e.Get("Name")).Lit
		val := td.R.eval(e.Get("Value"))
		if !secretName.MatchString(name) || val.Absent || (val.LitOK && (val.Lit == "" || settingValue.MatchString(val.Lit))) {
			continue
		}
		c.add("EFD073", td.Src, td.Name, e, fmt.Sprintf("container %s gets %s as a plaintext environment variable", ct.Name, name))
	}
}
