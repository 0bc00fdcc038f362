package storetest

// The contract of what operators and editors curate: provider catalogs,
// the classifier's predictions, the review queue, its labels and the
// finder's overrides.

import (
	"context"
	"fmt"
	"sync"
	"testing"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/opendata"
	"github.com/careerpath/careerpath/opendata/tables"
)

// CurationStore is what both stores implement of catalogs and review.
type CurationStore interface {
	careerpath.CatalogService
	careerpath.CatalogPredictionStore
	careerpath.CatalogConcentrationStore
	careerpath.ReviewService
	careerpath.OverrideService
	CatalogStamp(ctx context.Context) (string, error)
	EachCatalogProgram(ctx context.Context, fn func(*careerpath.Program) error) error
	CatalogProgram(ctx context.Context, id int64) (*careerpath.Program, error)
}

// DataLoader is the part of an open-data import the curation tests need
// (importer.Builder's loaders).
type DataLoader interface {
	Encoding() tables.Encoding
	Load(ctx context.Context, r tables.Rows) error
}

// CIP codes of the small release: two in use, one deleted since CIP 2010.
var testCIP = []opendata.CIPCode{
	{Family: "11", Code: "11", Action: opendata.CIPUnchanged, Title: "Computer and Information Sciences."},
	{Family: "11", Code: "11.0701", Action: opendata.CIPUnchanged, Title: "Computer Science."},
	{Family: "30", Code: "30.7001", Action: opendata.CIPNew, Title: "Data Science, General."},
	{Family: "11", Code: "11.0199", Action: opendata.CIPDeleted, Title: "Computer Science, Other."},
}

// ipedsProgram is the one IPEDS program of the small release.
const ipedsProgram = 42

// LoadSmallData loads the release the curation tests run on: the CIP
// codes and one institution with one master's program in computer
// science.
func LoadSmallData(ctx context.Context, b DataLoader) error {
	e := b.Encoding()
	if err := b.Load(ctx, tables.CIPCodes(testCIP, e)); err != nil {
		return err
	}
	if err := b.Load(ctx, tables.Institutions([]careerpath.Institution{{UnitID: 7, Name: "State University", City: "Springfield", State: "IL"}}, e)); err != nil {
		return err
	}
	master, _ := careerpath.FindAwardLevel(7)
	return b.Load(ctx, tables.Programs([]careerpath.Program{{ID: ipedsProgram, Institution: careerpath.Institution{UnitID: 7}, CIP: "11.0701",
		Award: master, Name: "Computer Science", Source: "ipeds"}}, e))
}

func runCuration(t *testing.T, impl Impl) {
	tests := []struct {
		name string
		fn   func(*testing.T, CurationStore)
	}{
		{"ImportCatalog", testImportCatalog},
		{"CatalogPredictions", testCatalogPredictions},
		{"CatalogConcentrations", testCatalogConcentrations},
		{"DecideHeld", testDecideHeld},
		{"DecideRace", testDecideRace},
		{"FlagProgram", testFlagProgram},
		{"Overrides", testOverrides},
	}
	for _, tt := range tests {
		t.Run(impl.Name+"/"+tt.name, func(t *testing.T) { tt.fn(t, impl.OpenCuration(t)) })
	}
}

func entries(n int) []careerpath.CatalogEntry {
	out := make([]careerpath.CatalogEntry, n)
	for i := range out {
		out[i] = careerpath.CatalogEntry{Line: i + 2, Institution: fmt.Sprintf("Institute %d", i), Program: "Data Science", Country: "US", City: "Lyon"}
		if i%2 == 0 {
			out[i].CIP = "30.7001"
		}
	}
	return out
}

func catalogPrograms(t *testing.T, s CurationStore) []*careerpath.Program {
	t.Helper()
	var out []*careerpath.Program
	must(t, s.EachCatalogProgram(ctx, func(p *careerpath.Program) error { out = append(out, p); return nil }))
	return out
}

func stamp(t *testing.T, s CurationStore) string {
	t.Helper()
	st, err := s.CatalogStamp(ctx)
	must(t, err)
	return st
}

func testImportCatalog(t *testing.T, s CurationStore) {
	codes, err := s.ProgramCIPCodes(ctx)
	must(t, err)
	if fmt.Sprint(codes) != "map[11.0701:true 30.7001:true]" {
		t.Errorf("ProgramCIPCodes = %v, want the two 6-digit codes in use", codes)
	}
	empty := stamp(t, s)
	cat, err := s.ImportCatalog(ctx, careerpath.CatalogImport{Name: "acme", SourceFile: "acme.csv", ImportedBy: "ops", Entries: entries(5)})
	must(t, err)
	if cat.ID == 0 || cat.Entries != 5 || cat.WithCIP != 3 || cat.WithoutCIP != 2 || cat.PendingModel != 2 || cat.Replaced != 0 {
		t.Errorf("imported %+v, want 5 entries, 3 with a CIP code, 2 pending", cat)
	}
	first := stamp(t, s)
	if first == empty {
		t.Error("the catalog stamp did not change with an import")
	}
	// Refused, and nothing of them stored: a deleted code, a missing
	// name, an existing name without Replace, a bad catalog name.
	bad := entries(4)
	bad[3].CIP = "11.0199"
	for what, imp := range map[string]careerpath.CatalogImport{
		"a deleted CIP code":     {Name: "beta", Entries: bad},
		"an entry without names": {Name: "beta", Entries: append(entries(2), careerpath.CatalogEntry{Line: 9})},
		"the ipeds name":         {Name: "IPEDS", Entries: entries(1)},
		"no entries":             {Name: "beta"},
	} {
		_, err := s.ImportCatalog(ctx, imp)
		wantCode(t, what, err, careerpath.EINVALID)
	}
	_, err = s.ImportCatalog(ctx, careerpath.CatalogImport{Name: "acme", Entries: entries(1)})
	wantCode(t, "an existing name without Replace", err, careerpath.ECONFLICT)
	if st := stamp(t, s); st != first {
		t.Errorf("stamp %q after refused imports, want %q: something was stored", st, first)
	}

	ps := catalogPrograms(t, s)
	if len(ps) != 3 {
		t.Fatalf("%d catalog programs, want the 3 active entries", len(ps))
	}
	p := ps[0]
	if p.ID <= careerpath.CatalogProgramIDBase || p.Source != "acme" || p.CIP != "30.7001" || p.CIPTitle != "Data Science, General" ||
		p.CIPSource != careerpath.CIPSourceCatalog || p.CIPConfidence != 1 || p.Institution.Name != "Institute 0" || p.Institution.City != "Lyon" ||
		p.Institution.Country != "US" || p.Institution.UnitID != 0 || p.Name != "Data Science" {
		t.Errorf("catalog program read as %+v", p)
	}
	if ps[1].ID <= p.ID {
		t.Errorf("catalog programs not in id order: %d then %d", p.ID, ps[1].ID)
	}
	got, err := s.CatalogProgram(ctx, p.ID)
	must(t, err)
	if got.ID != p.ID || got.CIPTitle != p.CIPTitle || got.Source != "acme" {
		t.Errorf("CatalogProgram(%d) = %+v, want %+v", p.ID, got, p)
	}
	_, err = s.CatalogProgram(ctx, careerpath.CatalogProgramIDBase+999999)
	wantCode(t, "CatalogProgram of no entry", err, careerpath.ENOTFOUND)

	second, err := s.ImportCatalog(ctx, careerpath.CatalogImport{Name: "beta", Entries: entries(2)})
	must(t, err)
	re, err := s.ImportCatalog(ctx, careerpath.CatalogImport{Name: "acme", Replace: true, Entries: entries(1)})
	must(t, err)
	if re.Replaced != 5 || re.ID == cat.ID {
		t.Errorf("replacement %+v, want 5 entries replaced under a new id", re)
	}
	all, err := s.Catalogs(ctx)
	must(t, err)
	if len(all) != 2 || all[0].ID != re.ID || all[1].ID != second.ID || all[0].Entries != 1 || all[1].PendingModel != 1 ||
		all[0].ImportedAt.IsZero() || all[1].Name != "beta" {
		t.Errorf("Catalogs = %+v, want acme (replaced) then beta, newest first", all)
	}
	if n := len(catalogPrograms(t, s)); n != 2 {
		t.Errorf("%d catalog programs after the replacement, want 2", n)
	}
}

// importHeld imports a catalog of three entries without codes, and
// returns them pending.
func importHeld(t *testing.T, s CurationStore) []careerpath.PendingCatalogEntry {
	t.Helper()
	es := entries(3)
	for i := range es {
		es[i].CIP = ""
	}
	cat, err := s.ImportCatalog(ctx, careerpath.CatalogImport{Name: "held", Entries: es})
	must(t, err)
	pending, err := s.PendingCatalogEntries(ctx, cat.ID)
	must(t, err)
	if len(pending) != 3 || pending[0].CatalogID != cat.ID || pending[0].Text.Institution != "Institute 0" || pending[0].Text.City != "Lyon" {
		t.Fatalf("pending entries %+v, want the 3 of catalog %d", pending, cat.ID)
	}
	return pending
}

func testCatalogPredictions(t *testing.T, s CurationStore) {
	pending := importHeld(t, s)
	before := stamp(t, s)
	bad := []careerpath.CatalogPrediction{
		{EntryID: pending[0].ID, CIP: "30.7001", Confidence: 0.9, Status: careerpath.CatalogActive},
		{EntryID: pending[1].ID, CIP: "11.0199", Confidence: 0.9, Status: careerpath.CatalogActive},
	}
	wantCode(t, "a prediction of a deleted code", s.SetCatalogPredictions(ctx, bad), careerpath.EINVALID)
	wantCode(t, "a prediction of another status", s.SetCatalogPredictions(ctx, []careerpath.CatalogPrediction{
		{EntryID: pending[0].ID, CIP: "30.7001", Status: careerpath.CatalogPendingModel}}), careerpath.EINVALID)
	if p, _ := s.PendingCatalogEntries(ctx, 0); len(p) != 3 || stamp(t, s) != before {
		t.Fatalf("%d pending after refused predictions, want 3: a refused batch stored part of itself", len(p))
	}
	preds := []careerpath.CatalogPrediction{
		{EntryID: pending[0].ID, CIP: "30.7001", Confidence: 0.9, Status: careerpath.CatalogActive, Model: "v1", ConcentrationCIP: "11.0701"},
		{EntryID: pending[1].ID, CIP: "11.0701", Confidence: 0.3, Status: careerpath.CatalogHeldForReview, Model: "v1"},
		{EntryID: pending[2].ID, Status: careerpath.CatalogHeldForReview, Model: "v1"},
	}
	must(t, s.SetCatalogPredictions(ctx, preds))
	// A second classifier (another replica) changes nothing.
	again := []careerpath.CatalogPrediction{{EntryID: pending[0].ID, CIP: "11.0701", Confidence: 0.99, Status: careerpath.CatalogActive}}
	must(t, s.SetCatalogPredictions(ctx, again))
	if stamp(t, s) == before {
		t.Error("the catalog stamp did not change when an entry became active")
	}
	ps := catalogPrograms(t, s)
	if len(ps) != 1 || ps[0].CIP != "30.7001" || ps[0].CIPSource != careerpath.CIPSourceModel || ps[0].CIPConfidence != 0.9 || ps[0].ConcentrationCIP != "11.0701" {
		t.Fatalf("catalog programs %+v, want the one the model published, unchanged by the second", ps)
	}
	cats, err := s.Catalogs(ctx)
	must(t, err)
	if c := cats[0]; c.Classified != 1 || c.HeldForReview != 2 || c.PendingModel != 0 {
		t.Errorf("catalog counts %+v, want 1 classified, 2 held", c)
	}
	items, err := s.FindReviewItems(ctx, careerpath.ReviewFilter{Status: careerpath.ReviewOpen})
	must(t, err)
	if len(items) != 2 {
		t.Fatalf("%d open review items, want the 2 held entries", len(items))
	}
	it := items[0]
	if it.Kind != careerpath.ReviewHeld || it.CatalogEntryID != pending[1].ID || it.CIP != "11.0701" || it.CIPTitle != "Computer Science" ||
		it.Confidence == nil || *it.Confidence != 0.3 || it.Model != "v1" || it.Text.Institution != "Institute 1" || it.CreatedBy != "model" ||
		it.Reason == "" || it.Label != nil || it.CreatedAt.IsZero() {
		t.Errorf("held item %+v", it)
	}
	if it := items[1]; it.CIP != "" || it.Confidence != nil {
		t.Errorf("an entry the model could not read: item %+v, want no code or confidence", it)
	}
	least, err := s.FindReviewItems(ctx, careerpath.ReviewFilter{Sort: careerpath.ReviewLeastSure, Limit: 1})
	must(t, err)
	if len(least) != 1 || least[0].ID != items[1].ID {
		t.Errorf("least sure first: %+v, want the item without a confidence", least)
	}
	_, err = s.FindReviewItems(ctx, careerpath.ReviewFilter{Status: "shelved"})
	wantCode(t, "an unknown status", err, careerpath.EINVALID)
}

// testCatalogConcentrations checks the entries never read for a
// concentration (those with the provider's code, and those a prediction
// gave none) and that a concentration is stored only where none is.
func testCatalogConcentrations(t *testing.T, s CurationStore) {
	cat, err := s.ImportCatalog(ctx, careerpath.CatalogImport{Name: "conc", Entries: entries(4)})
	must(t, err)
	_, err = s.ImportCatalog(ctx, careerpath.CatalogImport{Name: "other", Entries: entries(1)})
	must(t, err)
	unread, err := s.UnreadConcentrations(ctx, cat.ID)
	must(t, err)
	if len(unread) != 2 || unread[0].CatalogID != cat.ID || unread[0].CIP != "30.7001" || unread[0].Text.Institution != "Institute 0" ||
		unread[0].Text.Program != "Data Science" || unread[0].Text.City != "Lyon" || unread[1].Text.Institution != "Institute 2" {
		t.Fatalf("unread concentrations %+v, want the 2 entries of catalog %d that came with a code, in order", unread, cat.ID)
	}
	pending, err := s.PendingCatalogEntries(ctx, cat.ID)
	must(t, err)
	must(t, s.SetCatalogPredictions(ctx, []careerpath.CatalogPrediction{
		{EntryID: pending[0].ID, CIP: "30.7001", Confidence: 0.9, Status: careerpath.CatalogActive, ConcentrationCIP: "11.0701"},
		{EntryID: pending[1].ID, CIP: "30.7001", Confidence: 0.9, Status: careerpath.CatalogActive},
	}))
	all, err := s.UnreadConcentrations(ctx, 0)
	must(t, err)
	var ids []int64
	for _, u := range all {
		ids = append(ids, u.ID)
	}
	if want := []int64{unread[0].ID, unread[1].ID, pending[1].ID, ids[len(ids)-1]}; fmt.Sprint(ids) != fmt.Sprint(want) || all[len(all)-1].CatalogID == cat.ID {
		t.Fatalf("unread concentrations of every catalog: entries %v, want %v: the provider's, the one predicted without a concentration, then the other catalog's", ids, want)
	}

	before := stamp(t, s)
	wantCode(t, "a concentration of a deleted code", s.SetCatalogConcentrations(ctx, []careerpath.CatalogConcentration{
		{EntryID: unread[0].ID, CIP: "11.0701"}, {EntryID: unread[1].ID, CIP: "11.0199"}}), careerpath.EINVALID)
	if again, _ := s.UnreadConcentrations(ctx, 0); len(again) != 4 || stamp(t, s) != before {
		t.Fatalf("%d unread after a refused batch, want 4: it stored part of itself", len(again))
	}
	// None read: recorded, so not read again, and nothing the finder
	// shows has changed.
	must(t, s.SetCatalogConcentrations(ctx, []careerpath.CatalogConcentration{{EntryID: unread[1].ID}, {EntryID: pending[1].ID}}))
	if st := stamp(t, s); st != before {
		t.Errorf("stamp %q after storing no concentration, want %q: the finder would rebuild for nothing", st, before)
	}
	must(t, s.SetCatalogConcentrations(ctx, []careerpath.CatalogConcentration{
		{EntryID: unread[0].ID, CIP: "11.0701"},
		{EntryID: unread[1].ID, CIP: "11.0701"}, // read already, with none
		{EntryID: pending[0].ID},                // the classifier's is kept
	}))
	if stamp(t, s) == before {
		t.Error("the catalog stamp did not change when an entry got a concentration")
	}
	// Stored once: a second read changes nothing.
	must(t, s.SetCatalogConcentrations(ctx, []careerpath.CatalogConcentration{{EntryID: unread[0].ID}}))
	left, err := s.UnreadConcentrations(ctx, 0)
	must(t, err)
	if len(left) != 1 || left[0].CatalogID == cat.ID {
		t.Errorf("unread concentrations left %+v, want only the other catalog's entry", left)
	}
	got := map[int64]string{}
	for _, p := range catalogPrograms(t, s) {
		got[p.ID-careerpath.CatalogProgramIDBase] = p.ConcentrationCIP
	}
	want := map[int64]string{unread[0].ID: "11.0701", unread[1].ID: "", pending[0].ID: "11.0701", pending[1].ID: "", left[0].ID: ""}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("concentrations of the catalog programs %v, want %v", got, want)
	}
}

func testDecideHeld(t *testing.T, s CurationStore) {
	pending := importHeld(t, s)
	must(t, s.SetCatalogPredictions(ctx, []careerpath.CatalogPrediction{{EntryID: pending[0].ID, CIP: "11.0701", Confidence: 0.3, Status: careerpath.CatalogHeldForReview}}))
	items, err := s.FindReviewItems(ctx, careerpath.ReviewFilter{})
	must(t, err)
	id := items[0].ID
	before := stamp(t, s)
	_, err = s.Decide(ctx, id, careerpath.Decision{CIP: "11.0199", Editor: "ann"})
	wantCode(t, "a decision of a deleted code", err, careerpath.EINVALID)
	_, err = s.Decide(ctx, id, careerpath.Decision{Editor: "ann"})
	wantCode(t, "a decision of nothing", err, careerpath.EINVALID)
	_, err = s.Decide(ctx, id, careerpath.Decision{Relevance: careerpath.RelevanceStrong, Editor: "ann"})
	wantCode(t, "a relevance without a career", err, careerpath.EINVALID)
	_, err = s.Decide(ctx, 99999, careerpath.Decision{CIP: "30.7001", Editor: "ann"})
	wantCode(t, "a decision of no item", err, careerpath.ENOTFOUND)

	l, err := s.Decide(ctx, id, careerpath.Decision{CIP: " 30.7001 ", Career: "data-scientist", Relevance: careerpath.RelevanceStrong, Editor: "ann", Note: "reads as data science"})
	must(t, err)
	if l.ID == 0 || l.ReviewID != id || l.CIP != "30.7001" || l.Career != "data-scientist" || l.Text.Institution != "Institute 0" || l.CreatedAt.IsZero() {
		t.Errorf("label %+v", l)
	}
	_, err = s.Decide(ctx, id, careerpath.Decision{CIP: "11.0701", Editor: "bob"})
	wantCode(t, "deciding a decided item", err, careerpath.ECONFLICT)
	if stamp(t, s) == before {
		t.Error("the catalog stamp did not change when an editor set an entry's field of study")
	}
	ps := catalogPrograms(t, s)
	if len(ps) != 1 || ps[0].CIP != "30.7001" || ps[0].CIPSource != careerpath.CIPSourceEditor || ps[0].ID != careerpath.CatalogProgramIDBase+pending[0].ID {
		t.Fatalf("catalog programs %+v, want the decided entry, by the editor", ps)
	}
	it, err := s.FindReviewItem(ctx, id)
	must(t, err)
	if it.Status != careerpath.ReviewDecided || it.Label == nil || it.Label.ID != l.ID || it.Label.Editor != "ann" || !it.InEffect {
		t.Errorf("decided item %+v (label %+v), want decided by ann, in effect", it, it.Label)
	}
	// The finder applies the relevance, not the field of study: that is
	// the entry's own code now.
	ovs, err := s.OverridesSince(ctx, 0)
	must(t, err)
	if len(ovs) != 1 || ovs[0].ProgramID != careerpath.CatalogProgramIDBase+pending[0].ID || ovs[0].Career != "data-scientist" ||
		ovs[0].Relevance != careerpath.RelevanceStrong || ovs[0].LabelID != l.ID || ovs[0].Note != "reads as data science" {
		t.Errorf("overrides %+v, want the relevance for the catalog program", ovs)
	}
	labels, err := s.FindLabels(ctx)
	must(t, err)
	if len(labels) != 1 || labels[0].ID != l.ID || labels[0].Note != l.Note || !labels[0].CreatedAt.Equal(l.CreatedAt) {
		t.Errorf("FindLabels = %+v, want the one label", labels)
	}
}

// testDecideRace: editors deciding one item at once, through several
// replicas, make one label; the others hear ECONFLICT.
func testDecideRace(t *testing.T, s CurationStore) {
	pending := importHeld(t, s)
	must(t, s.SetCatalogPredictions(ctx, []careerpath.CatalogPrediction{{EntryID: pending[0].ID, CIP: "11.0701", Confidence: 0.3, Status: careerpath.CatalogHeldForReview}}))
	items, err := s.FindReviewItems(ctx, careerpath.ReviewFilter{})
	must(t, err)
	const editors = 6
	won := race(t, "Decide", editors, func(i int) error {
		_, err := s.Decide(ctx, items[0].ID, careerpath.Decision{CIP: "30.7001", Editor: fmt.Sprint("editor", i)})
		return err
	})
	labels, err := s.FindLabels(ctx)
	must(t, err)
	if won != 1 || len(labels) != 1 {
		t.Errorf("%d of %d concurrent decisions succeeded, %d labels; want 1 and 1", won, editors, len(labels))
	}
}

func testFlagProgram(t *testing.T, s CurationStore) {
	pid := fmt.Sprint(ipedsProgram)
	for what, args := range map[string][4]string{
		"no program id": {"abc", "nurse", "wrong", "ann"},
		"no career":     {pid, "", "wrong", "ann"},
		"no reason":     {pid, "nurse", " ", "ann"},
		"no editor":     {pid, "nurse", "wrong", ""},
	} {
		_, err := s.FlagProgram(ctx, args[0], args[1], args[2], args[3])
		wantCode(t, what, err, careerpath.EINVALID)
	}
	_, err := s.FlagProgram(ctx, "999", "nurse", "wrong", "ann")
	wantCode(t, "flagging no program", err, careerpath.ENOTFOUND)
	_, err = s.FlagProgram(ctx, fmt.Sprint(careerpath.CatalogProgramIDBase+12345), "nurse", "wrong", "ann")
	wantCode(t, "flagging no catalog program", err, careerpath.ENOTFOUND)

	// Editors flagging one program for one career at once make one item.
	const editors = 4
	ids := make([]int64, editors)
	errs := make([]error, editors)
	var wg sync.WaitGroup
	for i := range editors {
		wg.Go(func() {
			it, err := s.FlagProgram(ctx, pid, "nurse", "not nursing", fmt.Sprint("editor", i))
			if errs[i] = err; err == nil {
				ids[i] = it.ID
			}
		})
	}
	wg.Wait()
	for i, err := range errs {
		must(t, err)
		if ids[i] != ids[0] {
			t.Fatalf("concurrent flags made items %v, want one", ids)
		}
	}
	it, err := s.FindReviewItem(ctx, ids[0])
	must(t, err)
	if it.Kind != careerpath.ReviewFlagged || it.Status != careerpath.ReviewOpen || it.ProgramID != pid || it.Career != "nurse" ||
		it.CatalogEntryID != 0 || it.Text.Institution != "State University" || it.Text.Program != "Computer Science" ||
		it.Text.Degree != "Master's" || it.Text.City != "Springfield" || it.CIP != "11.0701" || it.CIPTitle != "Computer Science" ||
		it.Reason != "not nursing" {
		t.Errorf("flagged item %+v", it)
	}
	cat, err := s.ImportCatalog(ctx, careerpath.CatalogImport{Name: "acme", Entries: entries(1)})
	must(t, err)
	ps := catalogPrograms(t, s)
	it, err = s.FlagProgram(ctx, fmt.Sprint(ps[0].ID), "nurse", "not nursing", "ann")
	must(t, err)
	if it.CatalogEntryID != ps[0].ID-careerpath.CatalogProgramIDBase || it.Text.Institution != "Institute 0" || cat.ID == 0 {
		t.Errorf("flagged catalog item %+v", it)
	}
	flagged, err := s.FindReviewItems(ctx, careerpath.ReviewFilter{Kind: careerpath.ReviewFlagged, Career: "nurse"})
	must(t, err)
	if len(flagged) != 2 {
		t.Errorf("%d flagged items for nurse, want 2", len(flagged))
	}
}

func testOverrides(t *testing.T, s CurationStore) {
	it, err := s.FlagProgram(ctx, fmt.Sprint(ipedsProgram), "nurse", "not nursing", "ann")
	must(t, err)
	l, err := s.Decide(ctx, it.ID, careerpath.Decision{CIP: "30.7001", Relevance: careerpath.RelevanceNone, Editor: "bob"})
	must(t, err)
	ovs, err := s.OverridesSince(ctx, 0)
	must(t, err)
	if len(ovs) != 2 || ovs[0].Career != "nurse" || ovs[0].Relevance != careerpath.RelevanceNone || ovs[1].Career != "" || ovs[1].CIP != "30.7001" ||
		ovs[0].ProgramID != ipedsProgram || ovs[0].Note != "not nursing" || ovs[0].Editor != "bob" || ovs[1].Version <= ovs[0].Version || ovs[0].LabelID != l.ID {
		t.Fatalf("overrides %+v, want the relevance and the field of study of the program", ovs)
	}
	_, err = s.UndoDecision(ctx, it.ID, "", "")
	wantCode(t, "an undo without an editor", err, careerpath.EINVALID)
	undone, err := s.UndoDecision(ctx, it.ID, "cy", "too strict")
	must(t, err)
	if len(undone) != 2 || !undone[0].Undo || undone[0].Editor != "cy" || undone[0].Version <= ovs[1].Version || undone[1].Version <= undone[0].Version {
		t.Errorf("undo changes %+v", undone)
	}
	_, err = s.UndoDecision(ctx, it.ID, "cy", "")
	wantCode(t, "undoing twice", err, careerpath.ECONFLICT)
	since, err := s.OverridesSince(ctx, ovs[1].Version)
	must(t, err)
	if len(since) != 2 || since[0].Version != undone[0].Version {
		t.Errorf("OverridesSince(%d) = %+v, want the two undo changes", ovs[1].Version, since)
	}
	var cur careerpath.Overrides
	all, err := s.OverridesSince(ctx, 0)
	must(t, err)
	cur.Apply(all)
	if cur.Len() != 0 {
		t.Errorf("%d overrides in effect after the undo, want none", cur.Len())
	}
	got, err := s.FindReviewItem(ctx, it.ID)
	must(t, err)
	if got.InEffect || got.Label == nil {
		t.Errorf("item after undo: in effect %v, label %v; want decided, not in effect", got.InEffect, got.Label)
	}
}
