package spec

import (
	"strings"
	"testing"
)

// Every way to write a volume entry, with the mount it gives. ReadOnly is
// what decides whether the task role may write, so each form pins it.
func TestVolumeFormsTable(t *testing.T) {
	for _, c := range []struct {
		entry      string
		want       Mount
		wantVolume Volume
	}{
		{`data:/srv/data`, Mount{Volume: "data", Path: "/srv/data"}, Volume{Name: "data", Path: "/data", UID: 1000, GID: 1000, Permissions: "755"}},
		{`data:/srv/data:ro`, Mount{Volume: "data", Path: "/srv/data", ReadOnly: true}, Volume{Name: "data", Path: "/data", UID: 1000, GID: 1000, Permissions: "755"}},
		{`data:/srv/data:rw`, Mount{Volume: "data", Path: "/srv/data"}, Volume{Name: "data", Path: "/data", UID: 1000, GID: 1000, Permissions: "755"}},
		{`"data:/srv/data:ro"`, Mount{Volume: "data", Path: "/srv/data", ReadOnly: true}, Volume{Name: "data", Path: "/data", UID: 1000, GID: 1000, Permissions: "755"}},
		{`{name: data, path: /srv/data}`, Mount{Volume: "data", Path: "/srv/data"}, Volume{Name: "data", Path: "/data", UID: 1000, GID: 1000, Permissions: "755"}},
		{`{name: data, path: /srv/data, read_only: true}`, Mount{Volume: "data", Path: "/srv/data", ReadOnly: true}, Volume{Name: "data", Path: "/data", UID: 1000, GID: 1000, Permissions: "755"}},
		{`{name: data, path: /srv/data, read_only: false}`, Mount{Volume: "data", Path: "/srv/data"}, Volume{Name: "data", Path: "/data", UID: 1000, GID: 1000, Permissions: "755"}},
		{`{name: data, path: /srv/data, read_only: !!bool True}`, Mount{Volume: "data", Path: "/srv/data", ReadOnly: true}, Volume{Name: "data", Path: "/data", UID: 1000, GID: 1000, Permissions: "755"}},
		{`{name: data, path: /srv/data, access_point: {path: /www, uid: 33, gid: 82, permissions: "0750"}}`, Mount{Volume: "data", Path: "/srv/data"}, Volume{Name: "data", Path: "/www", UID: 33, GID: 82, Permissions: "0750"}},
		{`{name: data, path: /srv/data, root_access: true, access_point: {uid: 0, gid: 0}}`, Mount{Volume: "data", Path: "/srv/data", RootAccess: true}, Volume{Name: "data", Path: "/data", UID: 0, GID: 0, Permissions: "755"}},
	} {
		t.Run(c.entry, func(t *testing.T) {
			p := mustParse(t, "app: shop\nservices:\n  web:\n    image: nginx\n    volumes:\n      - "+c.entry+"\n")
			if got := p.Services[0].Mounts; len(got) != 1 || got[0] != c.want {
				t.Errorf("mounts %+v, want %+v", got, c.want)
			}
			if got := p.Volumes; len(got) != 1 || got[0] != c.wantVolume {
				t.Errorf("volumes %+v, want %+v", got, c.wantVolume)
			}
		})
	}
}

// Forms that look like a volume but are not one are refused at the entry.
func TestVolumeFormsRefused(t *testing.T) {
	for entry, want := range map[string]string{
		`data:/srv/data:RO`:                         `"RO" is not a mount mode`,
		`data:/srv/data:ro:x`:                       "is not a volume entry",
		`data:/srv/data:`:                           `"data:/srv/data:" ends with a colon but gives no mount mode`,
		`data`:                                      "is not a volume entry",
		`{name: data, path: /d, read_only: yes}`:    `expected true or false, got "yes"`,
		`{name: data, path: /d, read_only: "true"}`: `expected true or false, got "true"`,
		`{}`:              "name is required",
		`data: /srv/data`: "is read as a mapping, not a volume",
	} {
		_, err := Parse("t.yml", []byte("app: shop\nservices:\n  web:\n    image: nginx\n    volumes:\n      - "+entry+"\n"))
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "services.web.volumes[0]") {
			t.Errorf("%s: got %v, want %q at services.web.volumes[0]", entry, err, want)
		}
	}
}
