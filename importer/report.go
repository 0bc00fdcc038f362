package importer

import (
	"fmt"
	"io"
	"text/tabwriter"
)

// WriteText writes the summary as careerpath import prints it: rows read,
// stored and rejected per dataset with the reasons of the rejections,
// how well the programs joined their outcomes, and the catalogs carried
// over.
func (s *Summary) WriteText(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "dataset\tread\tstored\trejected\t")
	var read, stored, rejected int
	for _, r := range s.Results {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t\n", r.Dataset, r.Read, r.Stored, r.Rejected())
		read, stored, rejected = read+r.Read, stored+r.Stored, rejected+r.Rejected()
	}
	fmt.Fprintf(tw, "total\t%d\t%d\t%d\t\n", read, stored, rejected)
	tw.Flush()
	for _, r := range s.Results {
		for _, rj := range r.Rejections {
			fmt.Fprintf(w, "rejected from %s: %d rows: %s\n", r.Dataset, rj.Rows, rj.Reason)
		}
	}
	p := s.Programs
	if p.Programs > 0 {
		fmt.Fprintf(w, "programs: %d; bachelor's programs with Scorecard outcomes: %d of %d (%.1f%%); Scorecard rows matched to a program: %d of %d (%.1f%%)\n",
			p.Programs, p.BachelorsWithOutcomes, p.Bachelors, pct(p.BachelorsWithOutcomes, p.Bachelors),
			p.ScorecardMatched, p.ScorecardRows, pct(p.ScorecardMatched, p.ScorecardRows))
	}
	if s.CatalogEntries > 0 {
		fmt.Fprintf(w, "provider catalogs: %d entries carried over from the previous database\n", s.CatalogEntries)
	}
	fmt.Fprintf(w, "import took %s\n", s.Duration.Round(1e6))
}

func pct(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return 100 * float64(a) / float64(b)
}
