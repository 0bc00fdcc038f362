package sqlite

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/careerpath/careerpath"
)

// urlScheme matches the start of a URL ("postgres://", "mysql://",
// "file:"), which a SQLite path given to Open or NewBuilder must not be:
// read as a path, "postgres://host/db" would create a directory named
// "postgres:".
var urlScheme = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*:(//|$)|^file:`)

// CheckPath reports, as EINVALID, a database path that is a URL this
// store cannot use. The message names the scheme and shows the URL with
// any password replaced by "xxxxx".
func CheckPath(path string) error {
	if path == "" {
		return &careerpath.Error{Code: careerpath.EINVALID, Message: "--db: empty database path"}
	}
	if !urlScheme.MatchString(path) {
		return nil
	}
	scheme, _, _ := strings.Cut(path, ":")
	shown := scheme + ":…"
	if u, err := url.Parse(path); err == nil {
		shown = u.Redacted()
	}
	return &careerpath.Error{Code: careerpath.EINVALID, Message: fmt.Sprintf(
		"--db %s: a %q URL is not a SQLite database path; give the path of a SQLite file", shown, scheme)}
}
