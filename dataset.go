package careerpath

import "context"

// Dataset describes one source of open data in the database: where it comes
// from, how fresh it is, under which terms it may be used, and what the last
// import did with it.
type Dataset struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Publisher   string   `json:"publisher"`
	AsOf        string   `json:"as_of"` // release or reference date, as the publisher states it
	License     string   `json:"license"`
	Attribution string   `json:"attribution"`
	URL         string   `json:"url"`
	Files       []string `json:"files"`

	// Figures of the import that stored it.
	RowsRead     int         `json:"rows"`
	RowsStored   int         `json:"rows_stored"`
	RowsRejected int         `json:"rows_rejected"`
	Rejections   []Rejection `json:"rejections,omitempty"`
}

// Rejection counts rows of a dataset that an import left out for one reason.
type Rejection struct {
	Reason string `json:"reason"`
	Rows   int    `json:"rows"`
}

// DatasetService reads the datasets behind the figures the site shows.
type DatasetService interface {
	// FindDatasets returns every dataset, ordered by ID.
	FindDatasets(ctx context.Context) ([]*Dataset, error)
}
