package catalog

import (
	"bytes"
	"strings"
	"testing"
	"time"

	careerpath "github.com/careerpath/careerpath"
)

// TestWriteReports checks the command line's summary, drift and list of
// catalogs name what an import stored and what its entries are waiting for.
func TestWriteReports(t *testing.T) {
	drift := &careerpath.CatalogDrift{Model: "v3", Status: "alert", N: 40,
		Features: []careerpath.FeatureDrift{{Feature: "name_len", Status: "alert", PSI: 0.31}}}
	sum := &careerpath.Catalog{ID: 7, Name: "acme", SourceFile: "acme.csv", Entries: 12, WithCIP: 5, WithoutCIP: 7,
		Classified: 3, HeldForReview: 2, Unreadable: 1, PendingModel: 2, Replaced: 9, Drift: drift,
		ImportedAt: time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC), ImportedBy: "cli:ann"}
	var b bytes.Buffer
	WriteSummary(&b, sum)
	for _, want := range []string{`imported catalog "acme" from acme.csv: 12 entries`, "5 with a CIP code", "7 without a CIP code",
		"3 classified", "2 held for review", "1 of them unreadable", "2 waiting for a classifier", `replaced the 9 entries of the earlier catalog "acme"`,
		"drift against the reference of model v3 over 40 entries: alert", "name_len", "PSI 0.310"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("summary lacks %q:\n%s", want, b.String())
		}
	}

	b.Reset()
	WriteDrift(&b, &careerpath.CatalogDrift{Status: careerpath.DriftNoModel, Reason: "no champion yet"})
	if got := b.String(); !strings.Contains(got, "drift against model (none): "+careerpath.DriftNoModel+" (no champion yet)") {
		t.Errorf("drift without a model = %q", got)
	}
	b.Reset()
	WriteDrift(&b, nil)
	if b.Len() != 0 {
		t.Errorf("drift of nil wrote %q", b.String())
	}

	b.Reset()
	if err := WriteList(&b, []*careerpath.Catalog{sum, {ID: 8, Name: "beta", ImportedAt: sum.ImportedAt}}, map[int64]*careerpath.CatalogDrift{7: drift}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != 3 || !strings.Contains(lines[1], "acme") || !strings.Contains(lines[1], "alert") || !strings.Contains(lines[1], "cli:ann") ||
		!strings.Contains(lines[2], "beta") || !strings.Contains(lines[2], " - ") {
		t.Errorf("list:\n%s", b.String())
	}
}

// TestParseFormat reads the format names the command line accepts and
// refuses others by name.
func TestParseFormat(t *testing.T) {
	for in, want := range map[string]Format{"": Detect, "auto": Detect, "CSV": CSV, "ndjson": JSONLines, "jsonl": JSONLines} {
		if got, err := ParseFormat(in); err != nil || got != want {
			t.Errorf("ParseFormat(%q) = %v, %v; want %v", in, got, err, want)
		}
		if want != Detect && want.String() != strings.ToLower(in) && in != "ndjson" {
			t.Errorf("%v.String() = %q", want, want.String())
		}
	}
	if _, err := ParseFormat("xlsx"); err == nil || !strings.Contains(err.Error(), "xlsx") {
		t.Errorf("ParseFormat(xlsx) = %v, want an error naming it", err)
	}
}
