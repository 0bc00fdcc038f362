package careerpath

import "context"

// MaxClassifyEntries bounds the entries of one classify request to the
// HTTP API; the command line streams files of any length.
const MaxClassifyEntries = 1000

// CatalogText is a provider catalog entry as the classifier reads
// it: free text, no CIP code.
type CatalogText struct {
	Institution string `json:"institution"`
	Program     string `json:"program"`
	Degree      string `json:"degree"`
	Format      string `json:"format,omitempty"`
	City        string `json:"city,omitempty"`
	Country     string `json:"country,omitempty"`
	Description string `json:"description,omitempty"`
}

// Classification is what the classifier says about a catalog entry
// for a career: the relevance (level, score, confidence and reasons,
// through the same rule as programs with a known CIP code), the field of
// study it predicted, and the model version that answered.
type Classification struct {
	Relevance
	// CIP is the predicted field of study, "" when the model could not
	// read the name with enough confidence to use one.
	CIP      string `json:"cip"`
	CIPTitle string `json:"cip_title"`
	Model    string `json:"model"` // registry version, "v3"
}

// Classifier classifies catalog entries for a career with the serving
// classifier. Every entry of one call is answered by the same model
// version. An unknown career is ENOTFOUND; no model loaded is
// EUNAVAILABLE.
type Classifier interface {
	Classify(ctx context.Context, career string, entries []CatalogText) ([]Classification, error)
}
