package doctor

import (
	"fmt"
	"strings"
)

// checkFileSystems checks encryption at rest (EFD050), retention (EFD051)
// and backups (EFD052) of every file system a template creates.
func checkFileSystems(c *checker) {
	for _, t := range c.w.Templates {
		r := resolver{t}
		for _, fs := range t.ByType(typeFileSystem) {
			enc := r.eval(fs.Props.Get("Encrypted"))
			switch {
			case !known(enc):
				c.cannotTell("EFD050", t.Src, fs.ID, enc.N, "whether file system "+fs.ID+" is encrypted", enc.Why)
			case enc.Absent || !strings.EqualFold(enc.Lit, "true"):
				c.add("EFD050", t.Src, fs.ID, fs.Props.Get("Encrypted"), fmt.Sprintf("file system %s is not encrypted at rest (Encrypted is %s)", fs.ID, orUnset(enc, "not set, false by default")))
			}
			del, repl := fs.N.Get("DeletionPolicy").Str(), fs.N.Get("UpdateReplacePolicy").Str()
			if (del != "Retain" && del != "RetainExceptOnCreate") || repl != "Retain" {
				at := fs.N.Get("DeletionPolicy")
				if del == "Retain" || del == "RetainExceptOnCreate" {
					at = fs.N.Get("UpdateReplacePolicy")
				}
				c.add("EFD051", t.Src, fs.ID, at, fmt.Sprintf("file system %s has DeletionPolicy %s and UpdateReplacePolicy %s", fs.ID, orDefault(del), orDefault(repl)))
			}
			st := r.eval(fs.Props.At("BackupPolicy", "Status"))
			switch {
			case !known(st):
				c.cannotTell("EFD052", t.Src, fs.ID, st.N, "whether file system "+fs.ID+" is backed up", st.Why)
			case !strings.EqualFold(st.Lit, "ENABLED"):
				c.add("EFD052", t.Src, fs.ID, fs.Props.Get("BackupPolicy"), fmt.Sprintf("file system %s has no automatic backups (BackupPolicy Status is %s)", fs.ID, orUnset(st, "not set")))
			}
		}
	}
}

func orUnset(v Val, unset string) string {
	if v.Absent {
		return unset
	}
	return show(v)
}

func orDefault(p string) string {
	if p == "" {
		return "unset (Delete)"
	}
	return p
}

// checkAccessPoints checks that an access point's directory can be created
// (EFD062) and that it sets a POSIX user (EFD063).
func checkAccessPoints(c *checker) {
	for _, t := range c.w.Templates {
		r := resolver{t}
		for _, ap := range t.ByType(typeAccessPoint) {
			rd := ap.Props.Get("RootDirectory")
			path := r.eval(rd.Get("Path"))
			if path.LitOK && path.Lit != "/" && path.Lit != "" && !rd.Get("CreationInfo").OK() {
				c.add("EFD062", t.Src, ap.ID, rd.Get("CreationInfo"), fmt.Sprintf("access point %s roots at %s without CreationInfo: EFS will not create the directory", ap.ID, path.Lit))
			}
			if !ap.Props.Get("PosixUser").OK() {
				c.add("EFD063", t.Src, ap.ID, ap.Props.Get("PosixUser"), fmt.Sprintf("access point %s sets no PosixUser", ap.ID))
			}
		}
	}
}
