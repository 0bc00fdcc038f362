// Package data embeds the bundled open-data release (see README.md in this
// directory for sources, licences and attribution), so the careerpath binary
// works from any directory. A newer release can be read from disk instead
// with the --data flag.
package data

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
)

// FS holds the bundled data files, with paths such as
// "bls-oews-2024/national_M2024.csv".
//
//go:embed README.md aijobs-salaries bls-oews-2024 bls-projections-2024-34 cip-2020 cip-soc-2020 ipeds onet-29.3 scorecard world-universities zip-centroids
var FS embed.FS

// Release returns the release to import: FS for dir "", or the release
// laid out the same way in the directory dir.
func Release(dir string) (fs.FS, error) {
	if dir == "" {
		return FS, nil
	}
	if fi, err := os.Stat(dir); err != nil {
		return nil, err
	} else if !fi.IsDir() {
		return nil, fmt.Errorf("%s is not a directory", dir)
	}
	return os.DirFS(dir), nil
}
