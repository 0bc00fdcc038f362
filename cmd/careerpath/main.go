// Command careerpath runs the careerpath service and its tools.
//
//	careerpath serve [--addr ADDR] [--db PATH] [--data DIR]
//	careerpath import [--db PATH] [--data DIR]
//	careerpath catalog import [--db PATH] [--name NAME] FILE
//	careerpath train [--db PATH] [--seed N] [--promote]
//	careerpath retrain [--db PATH] [--seed N] [--dry-run] [--promote]
//	careerpath eval [--db PATH] [--model VERSION]
//	careerpath classify --career SLUG [--db PATH] [FILE|-]
//	careerpath config [markdown]
//
// main only parses flags and wires packages together; everything runs
// through runWith, so end-to-end tests drive the same code on port 0.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"os/user"
	"syscall"
)

func main() { mainWith(DefaultConfig()) }

// mainWith is main over the base config c (before flags and environment),
// whose model lifecycle the tests that kill a training midway give a step
// hook.
func mainWith(c Config) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := runWith(ctx, c, os.Args[1:], os.Stdout, os.Stderr)
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
  careerpath models list|show|promote|rollback|events        the registry of trained classifiers
  careerpath experiments list|create|phase|stop|report       finder ranking experiments
  careerpath train  [--db PATH] [--seed N] [--promote]       train, evaluate and register a classifier
  careerpath retrain [--db PATH] [--dry-run] [--promote]     train a candidate from the editors' labels too, and gate it
  careerpath eval   [--db PATH] [--model VERSION]            evaluate a registered model (default: the champion)
  careerpath classify --career SLUG [--db PATH] [FILE|-]     classify catalog entries (JSON Lines) for a career
  careerpath config [markdown] [FLAGS]                        print the effective settings (secrets redacted)

Every setting --x-y can also be given as the environment variable CAREERPATH_X_Y.

Run "careerpath COMMAND -h" for a command's flags.
`

// runWith executes the command in args (without the program name) over
// the base config c: the command's flags and the environment set its
// settings over c's, and c's fields that are not settings
// (Config.Lifecycle) stay as they are, so that tests inject them.
func runWith(ctx context.Context, c Config, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return flag.ErrHelp
	}
	switch cmd, rest := args[0], args[1:]; cmd {
	case "serve":
		return runServe(ctx, c, rest, stdout, stderr)
	case "import":
		return runImport(ctx, c, rest, stdout, stderr)
	case "catalog":
		return runCatalog(ctx, c, rest, os.Stdin, stdout, stderr)
	case "models":
		return runModels(ctx, c, rest, stdout, stderr)
	case "experiments":
		return runExperiments(ctx, c, rest, stdout, stderr)
	case "train":
		return runTrain(ctx, c, rest, stdout, stderr)
	case "retrain":
		return runRetrain(ctx, c, rest, stdout, stderr)
	case "eval":
		return runEval(ctx, c, rest, stdout, stderr)
	case "classify":
		return runClassify(ctx, c, rest, os.Stdin, stdout, stderr)
	case "config":
		return runConfig(rest, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("unknown command %q", cmd)
	}
}

// newLogger logs to w from level on.
func newLogger(w io.Writer, level slog.Level) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
}

// actorName names who runs a command, for the logs of models, catalogs and
// experiments: "cli:" and the operating system's user, the same in each.
func actorName() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return "cli:" + u.Username
	}
	if u := os.Getenv("USER"); u != "" {
		return "cli:" + u
	}
	return "cli"
}
