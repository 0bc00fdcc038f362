package registry

// The registry by hand, as careerpath models does it: promotions and
// rollbacks with a reason in the event log, and the listings.

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	careerpath "github.com/careerpath/careerpath"
)

// Promote points alias, champion or challenger, at version, logged as
// actor's with reason ("promoted by hand" if empty). Any other alias is
// EINVALID.
func Promote(ctx context.Context, reg careerpath.ModelRegistry, alias, version, actor, reason string) (*careerpath.ModelEvent, error) {
	if alias != careerpath.AliasChampion && alias != careerpath.AliasChallenger {
		return nil, careerpath.Errorf(careerpath.EINVALID, "The alias must be champion or challenger, not %q.", alias)
	}
	return reg.SetAlias(ctx, alias, version, actor, orDefault(reason, "promoted by hand"), nil)
}

// Rollback points the champion back at the version before it, logged as
// actor's with reason ("rolled back by hand" if empty).
func Rollback(ctx context.Context, reg careerpath.ModelRegistry, actor, reason string) (*careerpath.ModelEvent, error) {
	return reg.Rollback(ctx, actor, orDefault(reason, "rolled back by hand"))
}

// WriteMove writes an alias move as "alias: from → to".
func WriteMove(w io.Writer, e *careerpath.ModelEvent) {
	fmt.Fprintf(w, "%s: %s → %s\n", e.Alias, orDefault(e.From, "(none)"), e.To)
}

// WriteVersions writes the registered versions as a table.
func WriteVersions(w io.Writer, vs []*careerpath.ModelVersion) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "VERSION\tALIASES\tCREATED\tKIND\tSIZE\tDATA\tMETRICS")
	for _, v := range vs {
		hash := v.DataHash
		if len(hash) > 12 {
			hash = hash[:12]
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%s\t%s\n", v.Version, strings.Join(v.Aliases, ","), v.CreatedAt.Format("2006-01-02 15:04:05"), v.Kind, v.Size, hash, v.Metrics)
	}
	return tw.Flush()
}

// WriteEvents writes the event log of alias moves as a table.
func WriteEvents(w io.Writer, es []*careerpath.ModelEvent) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tAT\tACTOR\tACTION\tALIAS\tFROM\tTO\tREASON")
	for _, e := range es {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", e.ID, e.At.Format("2006-01-02 15:04:05"), e.Actor, e.Action, e.Alias, e.From, e.To, e.Reason)
	}
	return tw.Flush()
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// Command runs the subcommand sub of "careerpath models" on reg, writing
// what it did to w: list, show VERSION (as JSON), promote VERSION to
// alias, rollback, events; actor and reason go to the event log of a move.
// Another sub does nothing.
func Command(ctx context.Context, reg careerpath.ModelRegistry, sub, version, alias, actor, reason string, w io.Writer) error {
	switch sub {
	case "list":
		vs, err := reg.FindModelVersions(ctx)
		if err != nil {
			return err
		}
		return WriteVersions(w, vs)
	case "show":
		v, err := reg.FindModelVersion(ctx, version)
		if err != nil {
			return err
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	case "promote", "rollback":
		var e *careerpath.ModelEvent
		var err error
		if sub == "promote" {
			e, err = Promote(ctx, reg, alias, version, actor, reason)
		} else {
			e, err = Rollback(ctx, reg, actor, reason)
		}
		if err != nil {
			return fmt.Errorf("models %s: %w", sub, err)
		}
		WriteMove(w, e)
		return nil
	case "events":
		es, err := reg.FindModelEvents(ctx)
		if err != nil {
			return err
		}
		return WriteEvents(w, es)
	}
	return nil
}
