package classify

import (
	"testing"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/data"
)

func TestHeldOutLabel(t *testing.T) {
	held := 0
	const n = 100000
	for id := int64(1); id <= n; id++ {
		if HeldOutLabel(id, LabelHoldoutEvery) != HeldOutLabel(id, LabelHoldoutEvery) {
			t.Fatalf("HeldOutLabel(%d) is not a function of the id", id)
		}
		if HeldOutLabel(id, LabelHoldoutEvery) {
			held++
		}
	}
	if share := float64(held) / n; share < 0.19 || share > 0.21 {
		t.Errorf("held-out share over %d ids = %.4f, want 0.2 ± 0.01", n, share)
	}
	if HeldOutLabel(7, 0) {
		t.Error("HeldOutLabel(7, 0) = true, want nothing held out")
	}
}

func TestSplitLabels(t *testing.T) {
	// Ids chosen on both sides of the split.
	var in, out []int64
	for id := int64(1); len(in) < 2 || len(out) < 3; id++ {
		if HeldOutLabel(id, LabelHoldoutEvery) {
			in = append(in, id)
		} else {
			out = append(out, id)
		}
	}
	text := func(p string) careerpath.CatalogText {
		return careerpath.CatalogText{Institution: "U", Program: p, Degree: "MSc"}
	}
	labels := []*careerpath.Label{
		{ID: out[0], Text: text("Maschinelles Lernen"), CIP: "11.0102"},                                           // trained
		{ID: out[1], Text: text("Data Wrangling"), CIP: "30.7001", Career: "data-scientist", Relevance: "strong"}, // trained, relevance seen
		{ID: out[2], Text: text("Wine Studies"), Career: "machine-learning-engineer", Relevance: "none"},          // relevance only: never seen
		{ID: in[0], Text: text("KI und Robotik"), CIP: "11.0102", Career: "machine-learning-engineer", Relevance: "strong"},
		{ID: in[1], Text: text("Informatik"), CIP: "11.0701"},
	}
	s := SplitLabels(labels, LabelHoldoutEvery)
	if s.Count != 5 || s.HeldOut != 2 || len(s.Train) != 2 || len(s.Field) != 2 || len(s.Relevance) != 2 {
		t.Fatalf("SplitLabels = %d labels, %d held out, %d train, %d field, %d relevance; want 5, 2, 2, 2, 2",
			s.Count, s.HeldOut, len(s.Train), len(s.Field), len(s.Relevance))
	}
	if s.Relevance[0].Entry.Program != "Wine Studies" || s.Relevance[1].Level != "strong" || s.Field[1].CIP != "11.0701" {
		t.Errorf("SplitLabels relevance %+v, field %+v", s.Relevance, s.Field)
	}
	if s2 := SplitLabels(labels[:4], LabelHoldoutEvery); s2.Hash == s.Hash || len(s.Hash) != 64 {
		t.Errorf("label-set hash %q does not change with the labels", s.Hash)
	}
	if s3 := SplitLabels(labels, LabelHoldoutEvery); s3.Hash != s.Hash {
		t.Error("label-set hash differs for the same labels")
	}
}

func TestAddCatalogLines(t *testing.T) {
	d, err := DefaultTrainingData(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	before, hash := len(d.Examples), d.Hash()
	added, skipped := d.AddCatalogLines([]CatalogLine{
		{Program: "bsc (hons)   COMPUTER science", CIP: "52.0201"}, // repeats a line of the file: replaces its code
		{Program: "Maschinelles Lernen", Institution: "TU München", CIP: "11.0102"},
		{Program: "Nowhere Studies", CIP: "99.9999"},
	})
	if added != 2 || len(skipped) != 1 || skipped[0].CIP != "99.9999" {
		t.Errorf("AddCatalogLines = %d added, skipped %v; want 2 and the unknown code", added, skipped)
	}
	if len(d.Examples) != before+1 || d.Hash() == hash {
		t.Errorf("examples %d → %d (hash changed: %v), want one more", before, len(d.Examples), d.Hash() != hash)
	}
	for _, e := range d.Examples {
		if e.Source == SourceCatalog && e.Text == "BSc (Hons) Computer Science" && e.CIP != "52.0201" {
			t.Errorf("the repeated line kept code %s, want the editor's 52.0201", e.CIP)
		}
	}
	if last := d.Examples[len(d.Examples)-1]; last.Text != "Maschinelles Lernen" || last.Source != SourceCatalog || last.Institution != "TU München" {
		t.Errorf("last example = %+v, want the new label as a catalog example", last)
	}
}
