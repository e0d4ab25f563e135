package doctor

import (
	"fmt"
	"strings"

	"github.com/efsfargate/efsfargate/internal/ecsrules"
)

// checkVolumes applies ECS's EFS volume rules (EFD001–EFD006) and the
// access point advice (EFD060, EFD061) to every EFS volume.
func checkVolumes(c *checker) {
	for _, td := range c.w.TaskDefs {
		for _, v := range td.efsVolumes() {
			checkVolume(c, td, v)
		}
	}
}

func enabled(v Val) bool { return v.LitOK && strings.EqualFold(v.Lit, "ENABLED") }

// known reports whether a setting's value is known: written literally,
// defaulted by a parameter, or left out (ECS's default).
func known(v Val) bool { return v.Absent || v.LitOK }

func checkVolume(c *checker, td *TaskDef, v *Volume) {
	src, res := td.Src, td.Name
	transitAt := v.EFS.Get("TransitEncryption")
	label := fmt.Sprintf("volume %s", v.Name)
	transitText := "not set (DISABLED by default)"
	if !v.Transit.Absent {
		transitText = show(v.Transit)
	}
	if !known(v.IAM) {
		c.cannotTell("EFD001", src, res, v.IAM.N, label+" uses IAM authorization", v.IAM.Why)
	}
	if !known(v.Transit) {
		c.cannotTell("EFD003", src, res, transitAt, label+" encrypts NFS traffic", v.Transit.Why)
	}
	hasAP := !v.AccessPointID.Absent
	reported := false
	if enabled(v.IAM) && known(v.Transit) {
		if errs := ecsrules.CheckEFSVolume(v.Transit.Lit, v.IAM.Lit, "", ""); len(errs) > 0 {
			c.add("EFD001", src, res, transitAt, fmt.Sprintf("%s: IAM authorization is ENABLED but transit encryption is %s: %v", label, transitText, errs[0]))
			reported = true
		}
	}
	if hasAP && known(v.Transit) && !enabled(v.Transit) && !reported {
		c.add("EFD006", src, res, transitAt, fmt.Sprintf("%s: access point %s is used but transit encryption is %s", label, show(v.AccessPointID), transitText))
		reported = true
	}
	if known(v.Transit) && !enabled(v.Transit) && !reported {
		c.add("EFD003", src, res, transitAt, fmt.Sprintf("%s: transit encryption is %s, so NFS traffic is not encrypted", label, transitText))
	}
	if hasAP && v.RootDirectory.LitOK {
		if errs := ecsrules.CheckEFSVolume("ENABLED", "", show(v.AccessPointID), v.RootDirectory.Lit); len(errs) > 0 {
			c.add("EFD002", src, res, v.RootDirectory.N, fmt.Sprintf("%s: %v", label, errs[0]))
		}
	}
	if !hasAP && v.RootDirectory.LitOK && v.RootDirectory.Lit != "/" {
		c.add("EFD007", src, res, v.RootDirectory.N, fmt.Sprintf("%s mounts directory %s of file system %s without an access point: EFS does not create it", label, v.RootDirectory.Lit, show(v.FileSystemID)))
	}
	if hasAP {
		checkAccessPointFileSystem(c, td, v)
		return
	}
	if !writable(td, v) {
		return // a read-only mount needs no owner to write as
	}
	for _, m := range td.mountsOf(v.Name) {
		if who, ok := nonRootUser(m.C); ok {
			c.add("EFD061", src, res, v.EFS, fmt.Sprintf("%s has no access point, and container %s %s: it cannot write to the file system's root directory, which is owned by root", label, m.C.Name, who))
			return
		}
	}
	c.add("EFD060", src, res, v.EFS, fmt.Sprintf("%s mounts file system %s without an access point: no POSIX user or directory is enforced", label, show(v.FileSystemID)))
}

// writable reports whether some container mounts the volume read-write.
func writable(td *TaskDef, v *Volume) bool {
	for _, m := range td.mountsOf(v.Name) {
		if !m.ReadOnly {
			return true
		}
	}
	return false
}

// nonRootUser says how a container is known to run as a non-root user.
func nonRootUser(ct *Container) (string, bool) {
	if ct.User.LitOK {
		if rootUser(ct.User.Lit) {
			return "", false
		}
		return "runs as user " + ct.User.Lit, true
	}
	if !ct.Image.LitOK {
		return "", false
	}
	if u, ok := imageUser(ct.Image.Lit); ok {
		return fmt.Sprintf("uses image %s, which runs as %s", ct.Image.Lit, u), true
	}
	return "", false
}

// checkAccessPointFileSystem compares the file system of an access point
// created in the same template with the volume's (EFD005).
func checkAccessPointFileSystem(c *checker, td *TaskDef, v *Volume) {
	ap := td.accessPoint(v)
	if ap == nil {
		return
	}
	// An imported access point's file system, in the task's terms.
	apFS := translate(resolver{ap.T}.eval(ap.Props.Get("FileSystemId")), ap.T, td.T, ap.Props.Get("FileSystemId"))
	if apFS.Canon == v.FileSystemID.Canon || (apFS.LitOK && v.FileSystemID.LitOK && apFS.Lit == v.FileSystemID.Lit) {
		return
	}
	id := ap.ID + fileNote(ap, td.T)
	definite := func(x Val) bool {
		return isResource(x) || (x.LitOK && x.Note == "")
	}
	at := v.EFS.Get("FilesystemId")
	if !definite(apFS) || !definite(v.FileSystemID) {
		c.cannotTell("EFD005", td.Src, td.Name, at, fmt.Sprintf("whether access point %s is on file system %s", id, show(v.FileSystemID)), "the access point's file system is "+show(apFS))
		return
	}
	c.add("EFD005", td.Src, td.Name, at, fmt.Sprintf("volume %s uses file system %s, but access point %s belongs to %s", v.Name, show(v.FileSystemID), id, show(apFS)))
}
