package careerpath

// The rules of the editors' and operators' writes that every store keeps
// the same: catalog names and entries, the classifier's predictions, the
// review queue's flags and decisions. A store checks what it is given with
// these before it writes, so that SQLite and PostgreSQL refuse the same
// input with the same message.

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// CatalogProgramIDBase offsets the ids of catalog entries when they are
// read as programs, so that they never collide with the ids of IPEDS
// programs (1 to a few hundred thousand): catalog entry 7 is program
// 1_000_000_007.
const CatalogProgramIDBase = 1_000_000_000

// MaxNote bounds an editor's note and a flag's reason, in bytes.
const MaxNote = 2000

// ValidateCatalogName accepts short printable names; "ipeds" is the
// source of the open-data programs and cannot name a catalog.
func ValidateCatalogName(name string) error {
	switch {
	case strings.TrimSpace(name) != name || name == "":
		return Errorf(EINVALID, "A catalog needs a name without leading or trailing spaces.")
	case len(name) > 100:
		return Errorf(EINVALID, "A catalog name has at most 100 bytes.")
	case strings.IndexFunc(name, func(r rune) bool { return !unicode.IsPrint(r) }) >= 0:
		return Errorf(EINVALID, "A catalog name has only printable characters.")
	case strings.EqualFold(name, "ipeds"):
		return Errorf(EINVALID, "%q names the IPEDS programs; choose another catalog name.", name)
	}
	return nil
}

// ValidateCatalogImport checks an import before it is stored: its name,
// and entries that each name an institution and a program.
func ValidateCatalogImport(imp CatalogImport) error {
	if err := ValidateCatalogName(imp.Name); err != nil {
		return err
	}
	if len(imp.Entries) == 0 {
		return Errorf(EINVALID, "Catalog %q has no entries.", imp.Name)
	}
	for _, e := range imp.Entries {
		if e.Institution == "" || e.Program == "" {
			return Errorf(EINVALID, "Catalog entry at line %d has no institution or program.", e.Line)
		}
	}
	return nil
}

// CountCatalogEntries checks the CIP codes of an import's entries against
// those in use and counts the entries with a code and those without.
func CountCatalogEntries(imp CatalogImport, known map[string]bool) (withCIP, withoutCIP int, err error) {
	for _, e := range imp.Entries {
		switch {
		case e.CIP == "":
			withoutCIP++
		case !known[e.CIP]:
			return 0, 0, Errorf(EINVALID, "Catalog entry at line %d: %s is not a CIP 2020 program code in use.", e.Line, e.CIP)
		default:
			withCIP++
		}
	}
	return withCIP, withoutCIP, nil
}

// CheckCatalogPrediction checks a prediction against the CIP codes in
// use: an active one needs a code in use, and so does a concentration.
func CheckCatalogPrediction(p CatalogPrediction, known map[string]bool) error {
	switch p.Status {
	case CatalogActive:
		if !known[p.CIP] {
			return Errorf(EINVALID, "Catalog entry %d: %q is not a CIP 2020 program code in use.", p.EntryID, p.CIP)
		}
	case CatalogHeldForReview:
	default:
		return Errorf(EINVALID, "Catalog entry %d: a prediction makes an entry active or held for review, not %q.", p.EntryID, p.Status)
	}
	if p.ConcentrationCIP != "" && !known[p.ConcentrationCIP] {
		return Errorf(EINVALID, "Catalog entry %d: concentration %q is not a CIP 2020 program code in use.", p.EntryID, p.ConcentrationCIP)
	}
	return nil
}

// CheckCatalogConcentration checks a concentration against the codes in
// use.
func CheckCatalogConcentration(c CatalogConcentration, known map[string]bool) error {
	if c.CIP != "" && !known[c.CIP] {
		return Errorf(EINVALID, "Catalog entry %d: concentration %q is not a CIP 2020 program code in use.", c.EntryID, c.CIP)
	}
	return nil
}

// HeldReason is the reason a review item gives for an entry the model
// held, and the confidence it shows (nil when the model read nothing).
func HeldReason(p CatalogPrediction) (string, *float64) {
	if p.CIP == "" {
		return "The model could not read the name well enough to suggest a field of study.", nil
	}
	c := p.Confidence
	return fmt.Sprintf("The model's field of study has probability %.2f, below the %.2f needed to publish it.", p.Confidence, CatalogMinConfidence), &c
}

// Flag is a checked request to flag a finder program for review.
type Flag struct {
	ProgramID int64
	Career    string
	Reason    string
	Editor    string
}

// ParseFlag checks what FlagProgram is given: a program id of the finder,
// a career, a reason and an editor.
func ParseFlag(programID, career, reason, editor string) (Flag, error) {
	id, err := strconv.ParseInt(strings.TrimSpace(programID), 10, 64)
	if err != nil || id <= 0 {
		return Flag{}, Errorf(EINVALID, "Program id %q: want the number of a program of the finder.", programID)
	}
	f := Flag{ProgramID: id, Career: career, Reason: strings.TrimSpace(reason), Editor: strings.TrimSpace(editor)}
	switch {
	case f.Career == "":
		return Flag{}, Errorf(EINVALID, "A flag needs the career the program is wrongly matched for.")
	case f.Reason == "":
		return Flag{}, Errorf(EINVALID, "A flag needs a reason: say what is wrong with the match.")
	case len(f.Reason) > MaxNote:
		return Flag{}, Errorf(EINVALID, "A flag's reason has at most %d bytes.", MaxNote)
	case f.Editor == "":
		return Flag{}, Errorf(EINVALID, "A flag needs the editor who makes it.")
	}
	return f, nil
}

// Normalize trims the decision and checks what can be checked without
// the item: an editor, a field of study or a relevance, a known relevance
// level, the note's length. A career without a relevance is dropped.
func (d *Decision) Normalize() error {
	d.CIP, d.Editor, d.Note = strings.TrimSpace(d.CIP), strings.TrimSpace(d.Editor), strings.TrimSpace(d.Note)
	switch {
	case d.Editor == "":
		return Errorf(EINVALID, "A decision needs the editor who makes it.")
	case d.CIP == "" && d.Relevance == "":
		return Errorf(EINVALID, "A decision sets a field of study (CIP code), a relevance, or both.")
	case len(d.Note) > MaxNote:
		return Errorf(EINVALID, "A note has at most %d bytes.", MaxNote)
	}
	switch d.Relevance {
	case "":
		d.Career = "" // a career means nothing without its relevance
	case RelevanceStrong, RelevanceRelated, RelevanceNone:
	default:
		return Errorf(EINVALID, "Relevance %q: want strong, related or none.", d.Relevance)
	}
	return nil
}

// Apply checks the decision against the item it decides, in the
// deciding transaction: ECONFLICT when the item is decided already; a
// relevance takes the item's career when it names none; a field of study
// must be a code in use.
func (d *Decision) Apply(it *ReviewItem, known func() (map[string]bool, error)) error {
	if it.Label != nil {
		return Errorf(ECONFLICT, "Review item %d was already decided by %s on %s.",
			it.ID, it.Label.Editor, it.Label.CreatedAt.Format("2006-01-02 15:04 MST"))
	}
	if d.Relevance != "" && d.Career == "" {
		d.Career = it.Career
	}
	if d.Relevance != "" && d.Career == "" {
		return Errorf(EINVALID, "A relevance needs the career it is for.")
	}
	if d.CIP != "" {
		codes, err := known()
		if err != nil {
			return err
		}
		if !codes[d.CIP] {
			return Errorf(EINVALID, "CIP %q is not a CIP 2020 program code in use (6 digits, as in 11.0701).", d.CIP)
		}
	}
	return nil
}

// CheckUndo checks what UndoDecision is given.
func CheckUndo(editor, note string) error {
	if editor == "" {
		return Errorf(EINVALID, "Undoing a decision needs the editor who does it.")
	}
	if len(note) > MaxNote {
		return Errorf(EINVALID, "A note has at most %d bytes.", MaxNote)
	}
	return nil
}

// DecisionOverrides returns the overrides a decision (label l on item it)
// sets in the finder, without versions: the relevance for the career, and
// for an IPEDS program the field of study (a catalog entry's field of
// study is the entry's own code). None when the decision applies to no
// finder program: a held entry decided with a relevance only.
func DecisionOverrides(it *ReviewItem, l *Label) []*Override {
	var pid int64
	if id, err := strconv.ParseInt(it.ProgramID, 10, 64); err == nil && id > 0 {
		pid = id // a flagged program
	} else if it.CatalogEntryID != 0 && l.CIP != "" {
		pid = CatalogProgramIDBase + it.CatalogEntryID // the program a held entry becomes
	} else {
		return nil
	}
	// The reason readers see: the decision's note, else the flag's reason
	// that the decision upheld.
	note := l.Note
	if note == "" && it.Kind == ReviewFlagged {
		note = it.Reason
	}
	o := Override{ProgramID: pid, LabelID: l.ID, ReviewID: it.ID, Editor: l.Editor, Note: note, At: l.CreatedAt}
	var out []*Override
	if l.Relevance != "" {
		r := o
		r.Career, r.Relevance = l.Career, l.Relevance
		out = append(out, &r)
	}
	if l.CIP != "" && it.CatalogEntryID == 0 {
		f := o
		f.CIP = l.CIP
		out = append(out, &f)
	}
	return out
}

// Normalize checks a filter of the review queue, naming what is wrong,
// and sets the default page (100) when Limit is 0.
func (f *ReviewFilter) Normalize() error {
	switch f.Status {
	case "", ReviewOpen, ReviewDecided:
	default:
		return Errorf(EINVALID, "Review status %q: want open or decided.", f.Status)
	}
	switch f.Kind {
	case "", ReviewHeld, ReviewFlagged:
	default:
		return Errorf(EINVALID, "Review kind %q: want held or flagged.", f.Kind)
	}
	switch f.Sort {
	case "", ReviewOldest, ReviewNewest, ReviewLeastSure:
	default:
		return Errorf(EINVALID, "Review sort %q: want oldest, newest or least-sure.", f.Sort)
	}
	switch {
	case f.Limit == 0:
		f.Limit = 100
	case f.Limit < 0 || f.Limit > 1000:
		return Errorf(EINVALID, "Review limit %d: want 1 to 1000.", f.Limit)
	}
	return nil
}
