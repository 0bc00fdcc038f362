package importtest

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"
)

// The whole bundled release takes seconds to import, but minutes under the
// race detector, which instruments the pure-Go SQLite engine as well: the
// packages whose tests read the bundled data, not test the import, take
// their database from the careerpath binary built without it. The
// importer's own tests, and the commands' tests of the import, still run
// it in the test binary.
var binary struct {
	once sync.Once
	path string
	err  error
}

// Binary returns the path of the careerpath command built from this
// module without the race detector, built once per test binary into the
// fixtures directory (see Bundled).
func Binary() (string, error) {
	binary.once.Do(func() {
		dir, err := fixturesDir()
		if err != nil {
			binary.err = err
			return
		}
		unlock, err := lock(dir)
		if err != nil {
			binary.err = err
			return
		}
		defer unlock()
		binary.path, binary.err = buildBinary()
	})
	return binary.path, binary.err
}

// Bundled copies a database of the whole bundled release, imported by
// "careerpath import" (the open data, the first classifier trained and
// made champion, the guides checked), to dir/careerpath.db and returns
// that path. The classifier is trained with $CAREERPATH_TRAIN_CONFIG
// when it is set, as the command would. The import runs once for every test binary of a "go test"
// run: its result is kept under the fixtures directory, named by a hash
// of the binary, which embeds the code, the migrations and the data, so
// that any change imports again.
func Bundled(dir string) (string, error) {
	bin, err := Binary()
	if err != nil {
		return "", err
	}
	unlock, err := lock(filepath.Dir(bin))
	if err != nil {
		return "", err
	}
	fixture, err := bundledFixture(bin)
	unlock()
	if err != nil {
		return "", err
	}
	dst := filepath.Join(dir, "careerpath.db")
	return dst, CopyFile(fixture, dst)
}

// fixturesDir holds the binaries and databases of Binary and Bundled,
// shared by the test binaries of one machine.
func fixturesDir() (string, error) {
	dir := filepath.Join(os.TempDir(), "careerpath-test-fixtures")
	return dir, os.MkdirAll(dir, 0o755)
}

// lock takes the lock of the fixtures directory, so that test binaries
// running side by side build and import once, not each: a file created
// exclusively, waited on while another holds it (and taken over when its
// holder left it more than ten minutes ago, killed).
func lock(dir string) (unlock func(), err error) {
	path := filepath.Join(dir, "lock")
	for {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err == nil {
			f.Close()
			return func() { os.Remove(path) }, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return nil, err
		}
		if fi, err := os.Stat(path); err == nil && time.Since(fi.ModTime()) > 10*time.Minute {
			os.Remove(path)
			continue
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// moduleRoot is the directory of this module's go.mod.
func moduleRoot() (string, error) {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return "", errors.New("importtest: cannot locate the module")
	}
	root := filepath.Join(filepath.Dir(file), "..", "..")
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		return "", fmt.Errorf("importtest: no go.mod at the module root: %w", err)
	}
	return root, nil
}

// buildBinary builds ./cmd/careerpath into the fixtures directory, under
// a name of its own hash, and returns its path.
func buildBinary() (string, error) {
	root, err := moduleRoot()
	if err != nil {
		return "", err
	}
	dir, err := fixturesDir()
	if err != nil {
		return "", err
	}
	tmp, err := os.CreateTemp(dir, "build-*")
	if err != nil {
		return "", err
	}
	tmp.Close()
	defer os.Remove(tmp.Name())
	goCmd, err := exec.LookPath("go")
	if err != nil {
		goCmd = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	cmd := exec.Command(goCmd, "build", "-o", tmp.Name(), "./cmd/careerpath")
	cmd.Dir = root
	cmd.Env = commandEnv()
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("importtest: go build ./cmd/careerpath: %v\n%s", err, out)
	}
	sum, err := fileHash(tmp.Name())
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, "careerpath-"+sum)
	if err := os.Rename(tmp.Name(), path); err != nil {
		return "", err
	}
	return path, nil
}

// bundledFixture returns the database bin imports from the bundled data,
// importing it first if no earlier test binary did. Test binaries that
// race each import into a file of their own and rename it into place.
func bundledFixture(bin string) (string, error) {
	dir := filepath.Dir(bin)
	name := "bundled-" + strings.TrimPrefix(filepath.Base(bin), "careerpath-")
	env := commandEnv()
	// The one setting kept: the training config of the first classifier
	// (the commands' tests train a reduced one), which names the file too.
	if cfg := os.Getenv("CAREERPATH_TRAIN_CONFIG"); cfg != "" {
		env = append(env, "CAREERPATH_TRAIN_CONFIG="+cfg)
		sum := sha256.Sum256([]byte(cfg))
		name += "-" + hex.EncodeToString(sum[:])[:8]
	}
	fixture := filepath.Join(dir, name+".db")
	if _, err := os.Stat(fixture); err == nil {
		return fixture, nil
	}
	work, err := os.MkdirTemp(dir, "import-*")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(work)
	db := filepath.Join(work, "careerpath.db")
	cmd := exec.Command(bin, "import", "--db", db)
	cmd.Env = env
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("importtest: careerpath import: %v\n%s", err, tail(out))
	}
	if err := os.Rename(db, fixture); err != nil {
		return "", err
	}
	return fixture, nil
}

// commandEnv is this process's environment without the careerpath
// settings a test may have set (CAREERPATH_DB, CAREERPATH_DATA, …), so
// that the fixture is the bundled data with the defaults.
func commandEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "CAREERPATH_") {
			env = append(env, kv)
		}
	}
	return env
}

func fileHash(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

// CopyFile copies the file src to dst, replacing dst.
func CopyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// tail is the end of a command's output, for an error message.
func tail(out []byte) string {
	const keep = 4000
	if len(out) > keep {
		return "…" + string(out[len(out)-keep:])
	}
	return string(out)
}
