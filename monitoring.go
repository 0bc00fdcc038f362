package careerpath

import (
	"context"
	"encoding/json"
	"time"
)

// Drift statuses of a window or a catalog, as package monitor/drift names
// them, plus NoReference for a model trained before references were kept.
const (
	DriftOK          = "ok"
	DriftWarn        = "warn"
	DriftAlert       = "alert"
	DriftNoReference = "no_reference" // the model has no reference histograms to compare with
	DriftNoModel     = "no_model"     // no model served, so nothing was predicted
)

// FeatureDrift is the comparison of one monitored feature of a window (or
// a catalog) with the model's reference.
type FeatureDrift struct {
	Feature    string  `json:"feature"`
	Status     string  `json:"status"`
	PSI        float64 `json:"psi"`
	JSDistance float64 `json:"js_distance"`
	ChiSquare  float64 `json:"chi_square"`
	ChiSquareP float64 `json:"chi_square_p"`
	Test       string  `json:"test"`   // the test that decided drift
	Reason     string  `json:"reason"` // the figures and thresholds in a sentence
}

// CatalogDrift is how far an imported catalog's entries, as the champion
// reads them, are from the champion's reference: one window of its own.
type CatalogDrift struct {
	Model    string         `json:"model"`
	Status   string         `json:"status"` // the worst feature status, or DriftNoReference, DriftNoModel
	N        int            `json:"n"`      // entries compared
	Features []FeatureDrift `json:"features,omitempty"`
	Reason   string         `json:"reason,omitempty"`
	// Report is the full comparison (histograms and every statistic), as
	// package monitor writes it; kept for the admin page's charts.
	Report json.RawMessage `json:"report,omitempty"`
}

// DriftWindow is a closed monitoring window of one model version's live
// classifications, compared with its reference.
type DriftWindow struct {
	ID     int64           `json:"id"`
	Model  string          `json:"model"`
	Start  time.Time       `json:"start"`
	End    time.Time       `json:"end"`
	N      int             `json:"n"`      // classifications in the window
	Status string          `json:"status"` // the worst feature status
	Firing bool            `json:"firing"` // a sustained-drift alert is on after this window
	Report json.RawMessage `json:"report"`
}

// MonitoringStore keeps what monitoring computes: closed drift windows and
// the drift of imported catalogs.
type MonitoringStore interface {
	// CreateDriftWindow stores a window and assigns its ID.
	CreateDriftWindow(ctx context.Context, w *DriftWindow) error
	// FindDriftWindows returns the newest windows, at most limit, oldest
	// first.
	FindDriftWindows(ctx context.Context, limit int) ([]*DriftWindow, error)
	// SetCatalogDrift stores the drift of a catalog, replacing any earlier.
	SetCatalogDrift(ctx context.Context, catalogID int64, d *CatalogDrift) error
	// CatalogDrifts returns the drift of every catalog that has one, by
	// catalog ID.
	CatalogDrifts(ctx context.Context) (map[int64]*CatalogDrift, error)
}
