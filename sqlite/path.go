package sqlite

import (
	"os"
	"path/filepath"
)

// DefaultPath is the database of a user who names none: careerpath.db in
// the user's data directory ($XDG_DATA_HOME/careerpath,
// ~/.local/share/careerpath by default), or in the working directory
// when there is no home.
func DefaultPath() string {
	dir := os.Getenv("XDG_DATA_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "careerpath.db"
		}
		dir = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(dir, "careerpath", "careerpath.db")
}
