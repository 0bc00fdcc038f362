package careerpath

import (
	"context"
	"time"
)

// Review item kinds: why an item is in the review queue.
const (
	ReviewHeld    = "held"    // a catalog entry the model could not classify with enough confidence
	ReviewFlagged = "flagged" // a program an editor flagged as wrongly matched
)

// Review item states.
const (
	ReviewOpen    = "open"
	ReviewDecided = "decided"
)

// ReviewItem is one entry of the editors' review queue: a catalog entry
// held for low confidence, or a program an editor flagged.
type ReviewItem struct {
	ID     int64  `json:"id"`
	Kind   string `json:"kind"`   // ReviewHeld or ReviewFlagged
	Status string `json:"status"` // ReviewOpen or ReviewDecided
	// What is reviewed: a catalog entry or a program of the finder
	// (IPEDS or catalog).
	CatalogEntryID int64  `json:"catalog_entry_id,omitempty"`
	ProgramID      string `json:"program_id,omitempty"`
	// Career the item concerns, "" for all careers (a held entry).
	Career string `json:"career,omitempty"`
	// Text is the entry as the classifier reads it.
	Text CatalogText `json:"text"`
	// What the model or the finder said: the field of study (CIP code,
	// "" when none was usable), its probability and the model version.
	CIP        string    `json:"cip,omitempty"`
	CIPTitle   string    `json:"cip_title,omitempty"`
	Confidence *float64  `json:"confidence,omitempty"`
	Model      string    `json:"model,omitempty"`
	Reason     string    `json:"reason"` // why it was held or flagged
	CreatedBy  string    `json:"created_by"`
	CreatedAt  time.Time `json:"created_at"`
	// Label is the editor's decision once the item is decided.
	Label *Label `json:"label,omitempty"`
	// InEffect says that the decision applies in the finder as an
	// override (Override) that UndoDecision can withdraw.
	InEffect bool `json:"in_effect,omitempty"`
}

// Label is an editor's decision on a catalog text: the right field of
// study, the right relevance for a career, or both. Labels are stored,
// attributed and never edited; retraining learns from the field of study
// and evaluates on both.
type Label struct {
	ID       int64       `json:"id"`
	ReviewID int64       `json:"review_id,omitempty"` // the item it decided; 0 for a label made directly
	Text     CatalogText `json:"text"`
	// CIP is the field of study the editor set, "" when only the
	// relevance was set. CIP "none" is not a code: use Relevance.
	CIP string `json:"cip,omitempty"`
	// Career and Relevance are the relevance level the editor set for a
	// career (RelevanceStrong, RelevanceRelated, RelevanceNone), "" when
	// only the field of study was set.
	Career    string    `json:"career,omitempty"`
	Relevance string    `json:"relevance,omitempty"`
	Editor    string    `json:"editor"`
	Note      string    `json:"note,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

// Decision is what an editor sets on a review item. At least one of CIP
// and Relevance is required; Relevance needs Career (the item's career
// when it has one).
type Decision struct {
	CIP       string `json:"cip,omitempty"`
	Career    string `json:"career,omitempty"`
	Relevance string `json:"relevance,omitempty"`
	Editor    string `json:"editor"`
	Note      string `json:"note,omitempty"`
}

// ReviewFilter selects review items; zero fields mean any. Limit 0 means
// a default page of 100.
type ReviewFilter struct {
	Status string
	Kind   string
	Career string // items for the career (flagged ones)
	CIP    string // items whose field of study, as the model or finder had it, is the code
	// Sort is ReviewOldest (the default for open items), ReviewNewest or
	// ReviewLeastSure (lowest confidence first, items without one first).
	Sort  string
	Limit int
}

// Orders of the review queue (ReviewFilter.Sort).
const (
	ReviewOldest    = "oldest"
	ReviewNewest    = "newest"
	ReviewLeastSure = "least-sure"
)

// ReviewService is the editors' review queue and the labels it produces.
type ReviewService interface {
	// FindReviewItems returns items, oldest open first.
	FindReviewItems(ctx context.Context, f ReviewFilter) ([]*ReviewItem, error)
	FindReviewItem(ctx context.Context, id int64) (*ReviewItem, error)
	// FlagProgram queues a finder program (by its ID) for review for a
	// career; flagging one already open for the career returns that item.
	FlagProgram(ctx context.Context, programID, career, reason, editor string) (*ReviewItem, error)
	// Decide stores the decision as a label and closes the item, in one
	// transaction: ECONFLICT if it is already decided, EINVALID for an
	// unknown CIP code or relevance. Deciding a held catalog entry with a
	// field of study makes the entry active in the finder.
	Decide(ctx context.Context, id int64, d Decision) (*Label, error)
	// FindLabels returns every label, oldest first.
	FindLabels(ctx context.Context) ([]*Label, error)
	// UndoDecision withdraws from the finder the overrides the item's
	// decision set, so that the computed relevance applies again; the
	// label stays. ECONFLICT when none is in effect.
	UndoDecision(ctx context.Context, id int64, editor, note string) ([]*Override, error)
}
