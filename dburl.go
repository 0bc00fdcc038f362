package careerpath

import (
	"net/url"
	"regexp"
	"strings"
)

// urlScheme matches the start of a URL ("postgres://", "mysql://"), which
// no database file path of ours starts with.
var urlScheme = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*://`)

// IsDatabaseURL reports whether s names a database server by URL rather
// than a SQLite file by path.
func IsDatabaseURL(s string) bool { return urlScheme.MatchString(s) }

// IsPostgresURL reports whether s is a PostgreSQL connection URL.
func IsPostgresURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// DatabaseName returns the database s names fit for messages and logs:
// a URL redacted (RedactURL), a SQLite file by its path.
func DatabaseName(s string) string {
	if IsDatabaseURL(s) {
		return RedactURL(s)
	}
	return s
}

// RedactURL returns the database URL s fit for messages and logs: its
// password, in the user part or a "password" parameter, replaced by
// "xxxxx". A URL that cannot be parsed is shown by its scheme alone,
// since the parser's own message would repeat it whole, and a string
// that is no URL ("user:password@host") not at all.
func RedactURL(s string) string {
	if !IsDatabaseURL(s) {
		return "(not a URL)"
	}
	u, err := url.Parse(s)
	if err != nil {
		if m := urlScheme.FindString(s); m != "" {
			return m + "…"
		}
		return "(not a URL)"
	}
	if q := u.Query(); q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.Redacted()
}
