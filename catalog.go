package careerpath

import (
	"context"
	"time"
)

// Delivery formats a provider catalog may give for a program.
const (
	FormatOnline   = "online"
	FormatOnCampus = "on-campus"
	FormatHybrid   = "hybrid"
)

// Statuses of an imported catalog entry.
const (
	// CatalogActive entries have a field of study and take part in the
	// finder.
	CatalogActive = "active"
	// CatalogPendingModel entries came without a CIP code and wait for the
	// classifier to predict one.
	CatalogPendingModel = "pending_model"
	// CatalogHeldForReview entries got a prediction too unsure to publish
	// and wait for an editor.
	CatalogHeldForReview = "held_for_review"
)

// Where an entry's CIP code came from.
const (
	CIPSourceCatalog = "catalog" // the provider's file
	CIPSourceModel   = "model"   // predicted by the classifier
	CIPSourceEditor  = "editor"  // set by an editor deciding a review item
)

// CatalogEntry is one program of a provider catalog, validated. Text fields
// are trimmed; optional ones are "" (or nil) when the file leaves them out.
type CatalogEntry struct {
	Line        int    `json:"line"` // where the entry starts in the file
	Institution string `json:"institution"`
	Program     string `json:"program"`
	Degree      string `json:"degree"` // as the provider writes it: "MSc", "Master's"
	// Award is the IPEDS award level read from Degree; 0 where the degree
	// names none the parser recognises.
	Award         int      `json:"award"`
	Format        string   `json:"format"` // FormatOnline, FormatOnCampus, FormatHybrid or ""
	City          string   `json:"city"`
	Region        string   `json:"region"`
	Country       string   `json:"country"` // ISO 3166-1 alpha-2, upper case
	DurationYears *float64 `json:"duration_years,omitempty"`
	Tuition       *float64 `json:"tuition,omitempty"`
	Currency      string   `json:"currency"` // ISO 4217, upper case; set whenever Tuition is
	URL           string   `json:"url"`
	Description   string   `json:"description"`
	CIP           string   `json:"cip"` // 6-digit CIP 2020 code, "11.0701", or ""
}

// CatalogImport is a whole provider catalog to store.
type CatalogImport struct {
	Name       string // unique name of the catalog; becomes Program.Source
	SourceFile string // the file name it came from ("-" for stdin)
	ImportedBy string // who imported it, for the record
	// Replace allows replacing an earlier catalog of the same name;
	// without it, importing an existing name is an ECONFLICT error.
	Replace bool
	Entries []CatalogEntry
}

// Catalog describes an imported provider catalog.
type Catalog struct {
	ID         int64     `json:"id"`
	Name       string    `json:"name"`
	SourceFile string    `json:"source_file"`
	ImportedAt time.Time `json:"imported_at"`
	ImportedBy string    `json:"imported_by"`
	Entries    int       `json:"entries"`
	WithCIP    int       `json:"with_cip"`    // active at once
	WithoutCIP int       `json:"without_cip"` // pending the classifier
	// Of the entries without a CIP code: those the classifier
	// classified with confidence (active, CIPSourceModel), those it held
	// for review (below CatalogMinConfidence) and those still waiting for
	// a model.
	Classified    int `json:"classified"`
	HeldForReview int `json:"held_for_review"`
	PendingModel  int `json:"pending_model"`
	// Unreadable counts the held entries whose name the model could not
	// read at all (no field word it knows: another script, or a degree
	// only), so they got no prediction (only in the result of an import).
	Unreadable int `json:"unreadable,omitempty"`
	// Replaced is the number of entries of the earlier catalog of the same
	// name that the import replaced (only in the result of an import).
	Replaced int `json:"replaced,omitempty"`
	// Drift compares the catalog's entries, as the champion reads them,
	// with the champion's reference; nil when it was not measured.
	Drift *CatalogDrift `json:"drift,omitempty"`
}

// CatalogMinConfidence is the probability of its predicted field of study
// at which a catalog entry without a CIP code is published (active, with
// CIPSourceModel); below it the entry is held for review. It is stricter
// than the model's own floor for using a prediction (classify's
// MinConfidence, 0.25): a published entry appears in the finder without a
// person having read it, so the model must be at least as sure as not.
const CatalogMinConfidence = 0.5

// PendingCatalogEntry is a catalog entry waiting for the classifier.
type PendingCatalogEntry struct {
	ID        int64
	CatalogID int64
	Text      CatalogText
}

// CatalogPrediction is the classifier's field of study for a catalog
// entry, and the status it gives the entry.
type CatalogPrediction struct {
	EntryID    int64
	CIP        string  // "" when the model could not read the name
	Confidence float64 // the model's probability
	Status     string  // CatalogActive or CatalogHeldForReview
	Model      string  // the model version that predicted it, for the review queue
	// ConcentrationCIP is the field of the concentration the name gives
	// after its head, when the model read one with confidence; "" for none.
	ConcentrationCIP string
}

// CatalogService stores provider catalogs.
type CatalogService interface {
	// ImportCatalog stores a catalog whole or not at all.
	ImportCatalog(ctx context.Context, imp CatalogImport) (*Catalog, error)
	// Catalogs lists the imported catalogs, newest first.
	Catalogs(ctx context.Context) ([]*Catalog, error)
	// ProgramCIPCodes returns the 6-digit CIP 2020 codes in use, against
	// which catalog entries are checked.
	ProgramCIPCodes(ctx context.Context) (map[string]bool, error)
}

// CatalogPredictionStore holds the catalog entries that wait for the
// classifier and takes its predictions.
type CatalogPredictionStore interface {
	// PendingCatalogEntries returns the entries waiting for the model, of
	// one catalog, or of every catalog when catalogID is 0.
	PendingCatalogEntries(ctx context.Context, catalogID int64) ([]PendingCatalogEntry, error)
	// SetCatalogPredictions stores the predictions, all or none.
	SetCatalogPredictions(ctx context.Context, preds []CatalogPrediction) error
	ProgramCIPCodes(ctx context.Context) (map[string]bool, error)
}

// UnreadConcentration is a catalog entry with a CIP code whose name was
// never read for a concentration: one that came with the provider's code,
// or one stored before concentrations were (sqlite migration 014).
type UnreadConcentration struct {
	ID        int64
	CatalogID int64
	CIP       string // the entry's field of study, whoever gave it
	Text      CatalogText
}

// CatalogConcentration is the concentration read in a catalog entry's
// name.
type CatalogConcentration struct {
	EntryID int64
	// CIP is the concentration's field, a code in use; "" records that
	// the name gives none the model reads, so that it is not read again.
	CIP string
}

// CatalogConcentrationStore holds the catalog entries whose concentration
// was never read and takes the concentrations read in their names. The
// stores implement it; a catalog service without it leaves such entries
// as they are (ConcentrationCIP "").
type CatalogConcentrationStore interface {
	// UnreadConcentrations returns the entries with a CIP code and no
	// concentration stored, read or not, in id order: of one catalog, or
	// of every catalog when catalogID is 0.
	UnreadConcentrations(ctx context.Context, catalogID int64) ([]UnreadConcentration, error)
	// SetCatalogConcentrations stores the concentrations, all or none,
	// each only where the entry has none stored yet: a concentration the
	// classifier gave with its prediction, or one stored meanwhile, is
	// kept.
	SetCatalogConcentrations(ctx context.Context, concs []CatalogConcentration) error
	ProgramCIPCodes(ctx context.Context) (map[string]bool, error)
}
