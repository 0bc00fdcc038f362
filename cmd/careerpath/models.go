package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/registry"
	"github.com/careerpath/careerpath/stores"
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
	switch sub {
	case "list", "show", "promote", "rollback", "events":
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stderr, modelsUsage)
		return flag.ErrHelp
	default: // before opening a database: "models --help" needs none
		fmt.Fprint(stderr, modelsUsage)
		return fmt.Errorf("unknown models command %q", sub)
	}
	fset := c.flags("models "+sub, stderr, "db")
	alias := fset.String("alias", careerpath.AliasChampion, "the `alias` to move")
	reason := fset.String("reason", "", "why, for the event log")
	if err := parseFlags(fset, args); err != nil {
		return err
	}
	switch want := map[string]int{"show": 1, "promote": 1}[sub]; {
	case want == 1 && fset.NArg() != 1:
		return fmt.Errorf("models %s: want one VERSION", sub)
	case want == 0 && fset.NArg() != 0:
		return fmt.Errorf("models %s: unexpected arguments %q", sub, fset.Args())
	}
	db, err := stores.Open(ctx, c.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	return registry.Command(ctx, db, sub, fset.Arg(0), *alias, actorName(), *reason, stdout)
}
