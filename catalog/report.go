package catalog

import (
	"fmt"
	"io"
	"text/tabwriter"

	careerpath "github.com/careerpath/careerpath"
)

// WriteSummary writes what an import stored, as the command line prints
// it: the entries with and without a CIP code, what the classifier made
// of the latter, and the drift of the catalog against the champion's
// reference.
func WriteSummary(w io.Writer, sum *careerpath.Catalog) {
	fmt.Fprintf(w, "imported catalog %q from %s: %d entries\n", sum.Name, sum.SourceFile, sum.Entries)
	fmt.Fprintf(w, "  %d with a CIP code, in the program finder now\n", sum.WithCIP)
	if sum.WithoutCIP > 0 {
		fmt.Fprintf(w, "  %d without a CIP code:\n", sum.WithoutCIP)
		fmt.Fprintf(w, "    %d classified by the trained classifier (confidence ≥ %.2f), in the program finder now\n", sum.Classified, careerpath.CatalogMinConfidence)
		fmt.Fprintf(w, "    %d held for review (confidence below %.2f)", sum.HeldForReview, careerpath.CatalogMinConfidence)
		if sum.Unreadable > 0 {
			fmt.Fprintf(w, ", %d of them unreadable (no word the model knows: another script, or a degree only)", sum.Unreadable)
		}
		fmt.Fprintln(w)
		if sum.PendingModel > 0 {
			fmt.Fprintf(w, "    %d waiting for a classifier (none is champion yet)\n", sum.PendingModel)
		}
	}
	if sum.Replaced > 0 {
		fmt.Fprintf(w, "  replaced the %d entries of the earlier catalog %q\n", sum.Replaced, sum.Name)
	}
	WriteDrift(w, sum.Drift)
}

// WriteDrift writes a catalog's drift summary; nothing for nil.
func WriteDrift(w io.Writer, d *careerpath.CatalogDrift) {
	if d == nil {
		return
	}
	if d.Reason != "" {
		model := d.Model
		if model == "" {
			model = "(none)"
		}
		fmt.Fprintf(w, "  drift against model %s: %s (%s)\n", model, d.Status, d.Reason)
		return
	}
	fmt.Fprintf(w, "  drift against the reference of model %s over %d entries: %s\n", d.Model, d.N, d.Status)
	for _, f := range d.Features {
		fmt.Fprintf(w, "    %-14s %-5s  PSI %.3f  JS distance %.3f  chi-square %.1f (p %.3g)\n", f.Feature, f.Status, f.PSI, f.JSDistance, f.ChiSquare, f.ChiSquareP)
	}
}

// WriteList writes the imported catalogs as a table, with the drift
// status of each (drifts by catalog ID, as CatalogDrifts returns them).
func WriteList(w io.Writer, cats []*careerpath.Catalog, drifts map[int64]*careerpath.CatalogDrift) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "name\tentries\twith CIP\twithout CIP\tclassified\theld\tpending\tdrift\timported\tby\tfile")
	for _, c := range cats {
		drift := "-"
		if d := drifts[c.ID]; d != nil {
			drift = d.Status
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t%s\t%s\t%s\t%s\n", c.Name, c.Entries, c.WithCIP, c.WithoutCIP, c.Classified, c.HeldForReview, c.PendingModel,
			drift, c.ImportedAt.Format("2006-01-02 15:04"), c.ImportedBy, c.SourceFile)
	}
	return tw.Flush()
}
