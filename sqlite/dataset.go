package sqlite

import (
	"context"
	"encoding/json"
	"fmt"

	careerpath "github.com/careerpath/careerpath"
)

// Ensure DB implements the domain interface.
var _ careerpath.DatasetService = (*DB)(nil)

// FindDatasets returns every dataset with the figures of its import.
func (db *DB) FindDatasets(ctx context.Context) ([]*careerpath.Dataset, error) {
	rows, err := db.read.QueryContext(ctx, `
		SELECT id, title, publisher, as_of, license, attribution, url, files,
		       rows_read, rows_stored, rows_rejected, rejections
		FROM datasets ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("find datasets: %w", err)
	}
	defer rows.Close()
	var out []*careerpath.Dataset
	for rows.Next() {
		var d careerpath.Dataset
		var files, rejections string
		if err := rows.Scan(&d.ID, &d.Title, &d.Publisher, &d.AsOf, &d.License, &d.Attribution, &d.URL, &files,
			&d.RowsRead, &d.RowsStored, &d.RowsRejected, &rejections); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(files), &d.Files); err != nil {
			return nil, fmt.Errorf("dataset %s files: %w", d.ID, err)
		}
		if err := json.Unmarshal([]byte(rejections), &d.Rejections); err != nil {
			return nil, fmt.Errorf("dataset %s rejections: %w", d.ID, err)
		}
		out = append(out, &d)
	}
	return out, rows.Err()
}
