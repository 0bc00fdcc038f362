// Command careerpath runs the careerpath service and its tools.
//
//	careerpath serve [--addr ADDR] [--db PATH] [--data DIR]
//	careerpath import [--db PATH] [--data DIR]
//	careerpath catalog import [--db PATH] [--name NAME] FILE
//	careerpath train [--db PATH] [--seed N] [--promote]
//	careerpath retrain [--db PATH] [--seed N] [--dry-run] [--promote]
//	careerpath eval [--db PATH] [--model VERSION]
//	careerpath classify --career SLUG [--db PATH] [FILE|-]
//
// main only parses flags and wires packages together; everything runs
// through run, so end-to-end tests drive the same code on port 0.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/careerpath/careerpath/data"
	"github.com/careerpath/careerpath/lifecycle"
)

func main() { mainWith(lifecycle.DefaultConfig()) }

// mainWith is main with the model lifecycle's config, which the tests that
// kill a training midway give a step hook.
func mainWith(lc lifecycle.Config) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := runWith(ctx, lc, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(2)
	} else if err != nil {
		fmt.Fprintln(os.Stderr, "careerpath:", err)
		os.Exit(1)
	}
}

const usage = `careerpath: career guides and a program finder built on open data.

Usage:
  careerpath serve  [--addr ADDR] [--db PATH] [--data DIR]   serve the site (imports on first start)
  careerpath import [--db PATH] [--data DIR]                 rebuild the database from the open data
  careerpath catalog import [--db PATH] [--name NAME] FILE   import a provider catalog (CSV or JSON Lines)
  careerpath catalog list [--db PATH]                        list the imported catalogs
  careerpath models list|show|promote|rollback|events        the relevance model registry
  careerpath experiments list|create|phase|stop|report       finder ranking experiments
  careerpath train  [--db PATH] [--seed N] [--promote]       train, evaluate and register a relevance model
  careerpath retrain [--db PATH] [--dry-run] [--promote]     train a candidate from the editors' labels too, and gate it
  careerpath eval   [--db PATH] [--model VERSION]            evaluate a registered model (default: the champion)
  careerpath classify --career SLUG [--db PATH] [FILE|-]     classify catalog entries (JSON Lines) for a career

Run "careerpath COMMAND -h" for a command's flags.
`

// run executes the command in args (without the program name).
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return runWith(ctx, lifecycle.DefaultConfig(), args, stdout, stderr)
}

// runWith is run with the model lifecycle's config lc.
func runWith(ctx context.Context, lc lifecycle.Config, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return flag.ErrHelp
	}
	switch cmd, rest := args[0], args[1:]; cmd {
	case "serve":
		return runServe(ctx, rest, stdout, stderr)
	case "import":
		return runImport(ctx, rest, stdout, stderr)
	case "catalog":
		return runCatalog(ctx, rest, os.Stdin, stdout, stderr)
	case "models":
		return runModels(ctx, rest, stdout, stderr)
	case "experiments":
		return runExperiments(ctx, rest, stdout, stderr)
	case "train":
		return runTrain(ctx, lc, rest, stdout, stderr)
	case "retrain":
		return runRetrain(ctx, lc, rest, stdout, stderr)
	case "eval":
		return runEval(ctx, rest, stdout, stderr)
	case "classify":
		return runClassify(ctx, rest, os.Stdin, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("unknown command %q", cmd)
	}
}

// common are the flags every command that reads the database takes.
type common struct {
	db   string
	data string
}

func (c *common) register(fs *flag.FlagSet) {
	fs.StringVar(&c.db, "db", envOr("CAREERPATH_DB", defaultDBPath()), "SQLite database `path`")
	fs.StringVar(&c.data, "data", os.Getenv("CAREERPATH_DATA"), "read the open data from `dir` instead of the copy built into the binary")
}

// release returns the open-data release to import.
func (c *common) release() (fs.FS, error) {
	if c.data == "" {
		return data.FS, nil
	}
	if fi, err := os.Stat(c.data); err != nil {
		return nil, fmt.Errorf("--data: %w", err)
	} else if !fi.IsDir() {
		return nil, fmt.Errorf("--data: %s is not a directory", c.data)
	}
	return os.DirFS(c.data), nil
}

// defaultDBPath is the database in the user's data directory
// ($XDG_DATA_HOME/careerpath, ~/.local/share/careerpath by default).
func defaultDBPath() string {
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

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

func newLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelInfo}))
}
