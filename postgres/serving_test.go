package postgres

import (
	"context"
	"testing"

	careerpath "github.com/careerpath/careerpath"
)

// TestServingSwitch: a Serving reads the release it was opened on until
// Switch moves it to the next import; its catalog stamp changes with the
// import at once (so a finder rebuilds even without a notification), and
// a read of the replaced release moves on to the new one by itself.
func TestServingSwitch(t *testing.T) {
	db := openDataDB(t)
	ctx := context.Background()
	if _, err := db.Serving(ctx); careerpath.ErrorCode(err) != careerpath.ENOTFOUND {
		t.Fatalf("Serving before any import = %v, want ENOTFOUND", err)
	}
	importCIP(t, db, "Agriculture.", "Arts.")
	s, err := db.Serving(ctx)
	if err != nil {
		t.Fatal(err)
	}
	stamp1, err := s.CatalogStamp(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if switched, err := s.Switch(ctx); err != nil || switched {
		t.Fatalf("Switch with no new import = %v, %v; want false", switched, err)
	}
	r1 := s.Data().Release()

	importCIP(t, db, "Farming.", "Art.")
	if s.Data().Release() != r1 {
		t.Fatalf("an import moved the Serving to %+v before Switch", s.Data().Release())
	}
	if stamp2, err := s.CatalogStamp(ctx); err != nil || stamp2 == stamp1 {
		t.Fatalf("catalog stamp after an import = %q (%v), want other than %q", stamp2, err, stamp1)
	}
	// A read of the replaced release switches and reads the new one.
	titles, err := s.CIPTitles(ctx)
	if err != nil || titles["11"] != "Farming." {
		t.Fatalf("CIPTitles after an import = %q (%v), want the new release's", titles["11"], err)
	}
	if s.Data().Release().ID <= r1.ID {
		t.Fatalf("after reading the replaced release, serving %+v, want a later one than %+v", s.Data().Release(), r1)
	}

	importCIP(t, db, "Fields.", "Crafts.")
	if switched, err := s.Switch(ctx); err != nil || !switched {
		t.Fatalf("Switch after an import = %v, %v; want true", switched, err)
	}
	if got := cipTitles(t, s.Data()); got != "Fields.,Crafts." {
		t.Fatalf("after Switch, titles %q", got)
	}
}
