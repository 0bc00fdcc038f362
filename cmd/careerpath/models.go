package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/sqlite"
)

const modelsUsage = `Usage:
  careerpath models list     [--db PATH]
  careerpath models show     [--db PATH] VERSION
  careerpath models promote  [--db PATH] [--alias champion|challenger] [--reason TEXT] VERSION
  careerpath models rollback [--db PATH] [--reason TEXT]
  careerpath models events   [--db PATH]
`

// runModels handles "careerpath models …": the model registry.
func runModels(ctx context.Context, c Config, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, modelsUsage)
		return flag.ErrHelp
	}
	sub, args := args[0], args[1:]
	fset := c.flags("models "+sub, stderr, "db")
	alias := fset.String("alias", careerpath.AliasChampion, "the `alias` to move")
	reason := fset.String("reason", "", "why, for the event log")
	if err := parseFlags(fset, args); err != nil {
		return err
	}
	db, err := sqlite.Open(ctx, c.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	actor := actorName()

	switch sub {
	case "list":
		vs, err := db.FindModelVersions(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "VERSION\tALIASES\tCREATED\tKIND\tSIZE\tDATA\tMETRICS")
		for _, v := range vs {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%s\t%s\n", v.Version, join(v.Aliases), v.CreatedAt.Format("2006-01-02 15:04:05"), v.Kind, v.Size, short(v.DataHash), v.Metrics)
		}
		return tw.Flush()
	case "show":
		if fset.NArg() != 1 {
			return fmt.Errorf("models show: want one VERSION")
		}
		v, err := db.FindModelVersion(ctx, fset.Arg(0))
		if err != nil {
			return err
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	case "promote":
		if fset.NArg() != 1 {
			return fmt.Errorf("models promote: want one VERSION")
		}
		if *alias != careerpath.AliasChampion && *alias != careerpath.AliasChallenger {
			return fmt.Errorf("models promote: --alias must be champion or challenger, not %q", *alias)
		}
		e, err := db.SetAlias(ctx, *alias, fset.Arg(0), actor, orDefault(*reason, "promoted by hand"), nil)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s: %s → %s\n", e.Alias, orDefault(e.From, "(none)"), e.To)
		return nil
	case "rollback":
		e, err := db.Rollback(ctx, actor, orDefault(*reason, "rolled back by hand"))
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "champion: %s → %s\n", e.From, e.To)
		return nil
	case "events":
		es, err := db.FindModelEvents(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tAT\tACTOR\tACTION\tALIAS\tFROM\tTO\tREASON")
		for _, e := range es {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", e.ID, e.At.Format("2006-01-02 15:04:05"), e.Actor, e.Action, e.Alias, e.From, e.To, e.Reason)
		}
		return tw.Flush()
	default:
		fmt.Fprint(stderr, modelsUsage)
		return fmt.Errorf("unknown models command %q", sub)
	}
}

// actorName names who runs a command, for the event log.
func actorName() string {
	if u := os.Getenv("USER"); u != "" {
		return "cli:" + u
	}
	return "cli"
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func join(ss []string) string { return strings.Join(ss, ",") }

func short(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}
