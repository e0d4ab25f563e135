package doctor

import (
	"fmt"
	"strings"

	"github.com/efsfargate/efsfargate/internal/images"
)

// imageUser returns the non-root user an image is known to run as, for
// messages: "uid 999 (postgres)".
func imageUser(image string) (string, bool) {
	img, ok := images.Lookup(image)
	if !ok {
		return "", false
	}
	if img.User == fmt.Sprint(img.UID) {
		return fmt.Sprintf("uid %d", img.UID), true
	}
	return fmt.Sprintf("uid %d (%s)", img.UID, img.User), true
}

// rootUser reports whether a container User value means root.
func rootUser(u string) bool {
	name, _, _ := strings.Cut(u, ":")
	return name == "0" || name == "root"
}
