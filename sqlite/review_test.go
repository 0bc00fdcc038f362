package sqlite

import (
	"context"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	careerpath "github.com/careerpath/careerpath"
)

// reviewDB builds a database at path with the test CIP codes, one IPEDS
// program (id 42) and the catalogs of the database it replaces, and opens
// it.
func reviewDB(t *testing.T, path string) *DB {
	t.Helper()
	inst := careerpath.Institution{UnitID: 100, Name: "State University", City: "Springfield", State: "IL"}
	prog := careerpath.Program{ID: 42, Institution: inst, CIP: "11.0701", Award: careerpath.AwardLevel{Code: 5}, Name: "Computer Science", Source: "ipeds"}
	return testDB(t, path,
		func(ctx context.Context, b *Builder) error {
			return b.LoadInstitutions(ctx, []careerpath.Institution{inst})
		},
		func(ctx context.Context, b *Builder) error { return b.LoadPrograms(ctx, []careerpath.Program{prog}) })
}

// heldCatalog imports a catalog of three entries without a CIP code and
// stores predictions that hold the first two (one with a weak code, one
// with none) and publish the third. It returns the entries' ids.
func heldCatalog(t *testing.T, db *DB) [3]int64 {
	t.Helper()
	ctx := context.Background()
	entries := []careerpath.CatalogEntry{
		{Line: 2, Institution: "Acme Institute", Program: "MSc Applied Learning Systems", Degree: "MSc", Country: "GB"},
		{Line: 3, Institution: "Acme Institute", Program: "Maîtrise en apprentissage", Degree: "Maîtrise", Country: "FR"},
		{Line: 4, Institution: "Acme Institute", Program: "Data Science", Degree: "MSc", Country: "GB"},
	}
	if _, err := db.ImportCatalog(ctx, careerpath.CatalogImport{Name: "acme", Entries: entries}); err != nil {
		t.Fatal(err)
	}
	pending, err := db.PendingCatalogEntries(ctx, 0)
	if err != nil || len(pending) != 3 {
		t.Fatalf("PendingCatalogEntries = %d, %v; want 3", len(pending), err)
	}
	ids := [3]int64{pending[0].ID, pending[1].ID, pending[2].ID}
	err = db.SetCatalogPredictions(ctx, []careerpath.CatalogPrediction{
		{EntryID: ids[0], CIP: "30.7001", Confidence: 0.31, Status: careerpath.CatalogHeldForReview, Model: "v3"},
		{EntryID: ids[1], Confidence: 0.05, Status: careerpath.CatalogHeldForReview, Model: "v3"},
		{EntryID: ids[2], CIP: "30.7001", Confidence: 0.9, Status: careerpath.CatalogActive, Model: "v3"},
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

func openItems(t *testing.T, db *DB) []*careerpath.ReviewItem {
	t.Helper()
	items, err := db.FindReviewItems(context.Background(), careerpath.ReviewFilter{Status: careerpath.ReviewOpen})
	if err != nil {
		t.Fatal(err)
	}
	return items
}

func TestReviewHeldEntriesAreQueued(t *testing.T) {
	db := reviewDB(t, filepath.Join(t.TempDir(), "cp.db"))
	ids := heldCatalog(t, db)
	items := openItems(t, db)
	if len(items) != 2 {
		t.Fatalf("open items = %d, want the 2 held entries", len(items))
	}
	first := items[0]
	if first.Kind != careerpath.ReviewHeld || first.CatalogEntryID != ids[0] || first.Text.Program != "MSc Applied Learning Systems" ||
		first.CIP != "30.7001" || first.CIPTitle != "Data Science, General" || first.Model != "v3" ||
		first.Confidence == nil || *first.Confidence != 0.31 || first.Reason == "" {
		t.Errorf("first held item = %+v", first)
	}
	if second := items[1]; second.CatalogEntryID != ids[1] || second.CIP != "" || second.Confidence != nil {
		t.Errorf("second held item = %+v, want entry %d without a code", second, ids[1])
	}

	// Storing predictions again changes nothing: only pending entries take
	// them, and a held entry is queued once.
	if err := db.SetCatalogPredictions(context.Background(), []careerpath.CatalogPrediction{
		{EntryID: ids[0], Confidence: 0.1, Status: careerpath.CatalogHeldForReview},
	}); err != nil {
		t.Fatal(err)
	}
	if n := len(openItems(t, db)); n != 2 {
		t.Errorf("open items after a second prediction = %d, want 2", n)
	}
}

func TestReviewDecideHeldEntry(t *testing.T) {
	ctx := context.Background()
	db := reviewDB(t, filepath.Join(t.TempDir(), "cp.db"))
	ids := heldCatalog(t, db)
	item := openItems(t, db)[0]
	stamp, _ := db.CatalogStamp(ctx)

	// Refused decisions store nothing.
	for _, tc := range []struct {
		name string
		d    careerpath.Decision
	}{
		{"no editor", careerpath.Decision{CIP: "11.0701"}},
		{"nothing decided", careerpath.Decision{Editor: "ana"}},
		{"unknown code", careerpath.Decision{CIP: "99.9999", Editor: "ana"}},
		{"deleted code", careerpath.Decision{CIP: "11.0199", Editor: "ana"}},
		{"bad relevance", careerpath.Decision{Relevance: "maybe", Career: "ml-engineer", Editor: "ana"}},
		{"relevance without career", careerpath.Decision{Relevance: careerpath.RelevanceStrong, Editor: "ana"}},
	} {
		if _, err := db.Decide(ctx, item.ID, tc.d); careerpath.ErrorCode(err) != careerpath.EINVALID {
			t.Errorf("%s: Decide error = %v, want invalid", tc.name, err)
		}
	}
	if labels, _ := db.FindLabels(ctx); len(labels) != 0 {
		t.Fatalf("refused decisions stored %d labels", len(labels))
	}
	if _, err := db.Decide(ctx, 9999, careerpath.Decision{CIP: "11.0701", Editor: "ana"}); careerpath.ErrorCode(err) != careerpath.ENOTFOUND {
		t.Errorf("Decide(9999) error = %v, want not found", err)
	}

	d := careerpath.Decision{CIP: "11.0701", Career: "ml-engineer", Relevance: careerpath.RelevanceStrong, Editor: "ana", Note: "ML is CS here"}
	label, err := db.Decide(ctx, item.ID, d)
	if err != nil {
		t.Fatal(err)
	}
	if label.ReviewID != item.ID || label.CIP != "11.0701" || label.Editor != "ana" || label.Text != item.Text || label.Relevance != "strong" {
		t.Errorf("label = %+v", label)
	}
	labels, err := db.FindLabels(ctx)
	if err != nil || len(labels) != 1 || *labels[0] != *label {
		t.Fatalf("FindLabels = %v, %v; want the one label %+v", labels, err, label)
	}

	// The entry is published with the editor's code, and the finder sees
	// the change.
	p, err := db.CatalogProgram(ctx, CatalogProgramIDBase+ids[0])
	if err != nil {
		t.Fatal(err)
	}
	if p.CIP != "11.0701" || p.CIPSource != careerpath.CIPSourceEditor || p.CIPConfidence != 1 {
		t.Errorf("decided entry as a program: cip %s source %s confidence %g; want 11.0701 editor 1", p.CIP, p.CIPSource, p.CIPConfidence)
	}
	if now, _ := db.CatalogStamp(ctx); now == stamp {
		t.Error("CatalogStamp did not change with a decision that published an entry")
	}

	got, err := db.FindReviewItem(ctx, item.ID)
	if err != nil || got.Status != careerpath.ReviewDecided || got.Label == nil || got.Label.ID != label.ID {
		t.Errorf("decided item = %+v, %v", got, err)
	}
	if _, err := db.Decide(ctx, item.ID, careerpath.Decision{CIP: "30.7001", Editor: "bo"}); careerpath.ErrorCode(err) != careerpath.ECONFLICT {
		t.Errorf("second Decide error = %v, want conflict", err)
	}
	if labels, _ := db.FindLabels(ctx); len(labels) != 1 {
		t.Errorf("labels after a refused second decision = %d, want 1", len(labels))
	}
	if p, _ := db.CatalogProgram(ctx, CatalogProgramIDBase+ids[0]); p.CIP != "11.0701" {
		t.Errorf("refused second decision changed the code to %s", p.CIP)
	}

	// A relevance alone decides the item but publishes nothing.
	other := openItems(t, db)[0]
	if _, err := db.Decide(ctx, other.ID, careerpath.Decision{Career: "ml-engineer", Relevance: careerpath.RelevanceNone, Editor: "bo"}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CatalogProgram(ctx, CatalogProgramIDBase+ids[1]); careerpath.ErrorCode(err) != careerpath.ENOTFOUND {
		t.Errorf("entry decided without a code is in the finder (err %v)", err)
	}
	if n := len(openItems(t, db)); n != 0 {
		t.Errorf("open items = %d, want 0", n)
	}
}

// TestReviewDecideConcurrently: editors deciding one item at once get one
// label between them; the others are told it is decided.
func TestReviewDecideConcurrently(t *testing.T) {
	ctx := context.Background()
	db := reviewDB(t, filepath.Join(t.TempDir(), "cp.db"))
	heldCatalog(t, db)
	item := openItems(t, db)[0]
	const n = 8
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = db.Decide(ctx, item.ID, careerpath.Decision{CIP: "30.7001", Editor: "editor" + strconv.Itoa(i)})
		}()
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch careerpath.ErrorCode(err) {
		case "":
			ok++
		case careerpath.ECONFLICT:
		default:
			t.Errorf("Decide error = %v, want nil or conflict", err)
		}
	}
	labels, _ := db.FindLabels(ctx)
	if ok != 1 || len(labels) != 1 {
		t.Errorf("%d decisions succeeded and %d labels stored; want 1 and 1", ok, len(labels))
	}
}

func TestReviewLabelsAppendOnly(t *testing.T) {
	ctx := context.Background()
	db := reviewDB(t, filepath.Join(t.TempDir(), "cp.db"))
	heldCatalog(t, db)
	if _, err := db.Decide(ctx, openItems(t, db)[0].ID, careerpath.Decision{CIP: "30.7001", Editor: "ana"}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.write.ExecContext(ctx, `UPDATE review_labels SET cip = '11.0701'`); err == nil {
		t.Error("UPDATE of review_labels succeeded; labels must be append-only")
	}
	if _, err := db.write.ExecContext(ctx, `DELETE FROM review_labels`); err == nil {
		t.Error("DELETE of review_labels succeeded; labels must be append-only")
	}
	// Replacing the catalog removes its entries and their items, not the
	// labels made on them.
	if _, err := db.ImportCatalog(ctx, careerpath.CatalogImport{Name: "acme", Replace: true,
		Entries: []careerpath.CatalogEntry{{Line: 2, Institution: "Acme", Program: "Data Science", CIP: "30.7001"}}}); err != nil {
		t.Fatal(err)
	}
	if labels, _ := db.FindLabels(ctx); len(labels) != 1 {
		t.Errorf("labels after replacing the catalog = %d, want 1", len(labels))
	}
	if items, _ := db.FindReviewItems(ctx, careerpath.ReviewFilter{}); len(items) != 0 {
		t.Errorf("items after replacing the catalog = %d, want 0", len(items))
	}
}

func TestReviewFlagProgram(t *testing.T) {
	ctx := context.Background()
	db := reviewDB(t, filepath.Join(t.TempDir(), "cp.db"))
	ids := heldCatalog(t, db)

	ipeds, err := db.FlagProgram(ctx, "42", "ml-engineer", "a general CS degree, not ML", "ana")
	if err != nil {
		t.Fatal(err)
	}
	if ipeds.Kind != careerpath.ReviewFlagged || ipeds.ProgramID != "42" || ipeds.CatalogEntryID != 0 || ipeds.Career != "ml-engineer" ||
		ipeds.Text.Program != "Computer Science" || ipeds.Text.Institution != "State University" || ipeds.Text.Degree == "" ||
		ipeds.CIP != "11.0701" || ipeds.CreatedBy != "ana" {
		t.Errorf("flagged IPEDS program = %+v", ipeds)
	}
	again, err := db.FlagProgram(ctx, "42", "ml-engineer", "still wrong", "bo")
	if err != nil || again.ID != ipeds.ID {
		t.Errorf("flagging again = %v, %v; want the open item %d", again, err, ipeds.ID)
	}
	if other, err := db.FlagProgram(ctx, "42", "data-scientist", "wrong too", "bo"); err != nil || other.ID == ipeds.ID {
		t.Errorf("flagging for another career = %v, %v; want a new item", other, err)
	}

	for _, tc := range []struct{ id, career, reason, editor, code string }{
		{"x", "ml-engineer", "r", "ana", careerpath.EINVALID},
		{"42", "", "r", "ana", careerpath.EINVALID},
		{"42", "ml-engineer", " ", "ana", careerpath.EINVALID},
		{"42", "ml-engineer", "r", "", careerpath.EINVALID},
		{"43", "ml-engineer", "r", "ana", careerpath.ENOTFOUND},
		// A held entry is not in the finder.
		{strconv.FormatInt(CatalogProgramIDBase+ids[0], 10), "ml-engineer", "r", "ana", careerpath.ENOTFOUND},
	} {
		if _, err := db.FlagProgram(ctx, tc.id, tc.career, tc.reason, tc.editor); careerpath.ErrorCode(err) != tc.code {
			t.Errorf("FlagProgram(%q, %q, %q, %q) error = %v, want %s", tc.id, tc.career, tc.reason, tc.editor, err, tc.code)
		}
	}

	// A flagged catalog program decided with a code takes it.
	pid := strconv.FormatInt(CatalogProgramIDBase+ids[2], 10)
	flagged, err := db.FlagProgram(ctx, pid, "ml-engineer", "this is ML", "ana")
	if err != nil {
		t.Fatal(err)
	}
	if flagged.CatalogEntryID != ids[2] || flagged.CIP != "30.7001" || flagged.Confidence == nil || *flagged.Confidence != 0.9 {
		t.Errorf("flagged catalog program = %+v", flagged)
	}
	stamp, _ := db.CatalogStamp(ctx)
	if _, err := db.Decide(ctx, flagged.ID, careerpath.Decision{CIP: "11.0701", Relevance: careerpath.RelevanceStrong, Editor: "bo"}); err != nil {
		t.Fatal(err)
	}
	if p, _ := db.CatalogProgram(ctx, CatalogProgramIDBase+ids[2]); p == nil || p.CIP != "11.0701" || p.CIPSource != careerpath.CIPSourceEditor {
		t.Errorf("decided flagged program = %+v, want CIP 11.0701 from the editor", p)
	}
	if now, _ := db.CatalogStamp(ctx); now == stamp {
		t.Error("CatalogStamp did not change when an editor changed an active entry's code")
	}
	labels, _ := db.FindLabels(ctx)
	if len(labels) != 1 || labels[0].Career != "ml-engineer" {
		t.Errorf("labels = %v, want one for ml-engineer (the item's career)", labels)
	}
}

// TestReviewCarriedOverByRebuild: the queue and its labels are editors'
// work, not open data; rebuilding the database keeps them.
func TestReviewCarriedOverByRebuild(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "cp.db")
	db := reviewDB(t, path)
	heldCatalog(t, db)
	if _, err := db.Decide(ctx, openItems(t, db)[0].ID, careerpath.Decision{CIP: "30.7001", Editor: "ana"}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.FlagProgram(ctx, "42", "ml-engineer", "not ML", "ana"); err != nil {
		t.Fatal(err)
	}
	snapshot := func(db *DB) string {
		items, err := db.FindReviewItems(ctx, careerpath.ReviewFilter{})
		if err != nil {
			t.Fatal(err)
		}
		labels, err := db.FindLabels(ctx)
		if err != nil {
			t.Fatal(err)
		}
		s := ""
		for _, it := range items {
			s += strconv.FormatInt(it.ID, 10) + it.Kind + it.Status + it.Text.Program + "|"
		}
		for _, l := range labels {
			s += strconv.FormatInt(l.ID, 10) + l.CIP + l.Editor + "|"
		}
		return s
	}
	want := snapshot(db)
	db.Close()

	db2 := reviewDB(t, path)
	if got := snapshot(db2); got != want {
		t.Errorf("after a rebuild:\n got %s\nwant %s", got, want)
	}
	// New items and labels continue the ids.
	it, err := db2.FlagProgram(ctx, "42", "data-scientist", "no", "bo")
	if err != nil {
		t.Fatal(err)
	}
	if it.ID <= 3 {
		t.Errorf("new item id %d reuses an id", it.ID)
	}
}

// TestReviewHeldEntriesQueuedAfterRebuild: held entries carried over from
// a database without their items (older than the queue) join the queue.
func TestReviewHeldEntriesQueuedAfterRebuild(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "cp.db")
	db := reviewDB(t, path)
	ids := heldCatalog(t, db)
	if _, err := db.write.ExecContext(ctx, `DELETE FROM review_items`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db2 := reviewDB(t, path)
	items := openItems(t, db2)
	if len(items) != 2 || items[0].CatalogEntryID != ids[0] || items[1].CatalogEntryID != ids[1] || items[1].Confidence != nil {
		t.Errorf("open items after a rebuild = %+v, want the 2 held entries (the second without a confidence)", items)
	}
}
