package registry

// The registry by hand, as careerpath models does it: promotions and
// rollbacks with a reason in the event log, and the listings.

import (
	"context"
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
