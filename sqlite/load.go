package sqlite

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/opendata"
	"github.com/careerpath/careerpath/opendata/tables"
)

// The loaders of the open data: the rows of package tables, written with
// multi-row INSERTs into the new database (Load, for the importer), and
// one method per table for tests that build a database of a few rows.

// encoding is how this store keeps JSON (as text) and lists of names
// (separated by "|", which no IPEDS alias holds).
var encoding = tables.Encoding{
	JSON: func(v any) any {
		j, _ := json.Marshal(v)
		return string(j)
	},
	Names: func(names []string) any { return strings.Join(names, "|") },
}

// Encoding returns how this store keeps JSON and lists of names.
func (b *Builder) Encoding() tables.Encoding { return encoding }

// Load stores the rows of one table.
func (b *Builder) Load(ctx context.Context, r tables.Rows) error {
	return b.insert(ctx, r.Table, r.Cols, r.N, r.Row)
}

// Exec runs a statement of package tables over the tables loaded.
func (b *Builder) Exec(ctx context.Context, statement string) error {
	if _, err := b.tx.ExecContext(ctx, statement); err != nil {
		return fmt.Errorf("derive: %w", err)
	}
	return nil
}

// LoadONET stores the O*NET tables, and the technology prevalence derived
// from them.
func (b *Builder) LoadONET(ctx context.Context, o opendata.ONET) error {
	for _, r := range tables.ONET(o) {
		if err := b.Load(ctx, r); err != nil {
			return err
		}
	}
	return b.Exec(ctx, tables.DerivePrevalence)
}

// LoadOEWS stores OEWS national wage estimates.
func (b *Builder) LoadOEWS(ctx context.Context, rows []opendata.OEWSOccupation) error {
	return b.Load(ctx, tables.OEWS(rows))
}

// LoadProjections stores the BLS employment projections.
func (b *Builder) LoadProjections(ctx context.Context, rows []opendata.Projection) error {
	return b.Load(ctx, tables.Projections(rows))
}

// LoadCIP stores the CIP 2020 taxonomy.
func (b *Builder) LoadCIP(ctx context.Context, rows []opendata.CIPCode) error {
	return b.Load(ctx, tables.CIPCodes(rows, encoding))
}

// LoadCrosswalk stores the CIP–SOC pairs (see tables.Crosswalk).
func (b *Builder) LoadCrosswalk(ctx context.Context, rows []opendata.CrosswalkPair) error {
	return b.Load(ctx, tables.Crosswalk(rows))
}

// LoadSalaries stores the salary survey records.
func (b *Builder) LoadSalaries(ctx context.Context, rows []opendata.Salary) error {
	return b.Load(ctx, tables.Salaries(rows))
}

// LoadInstitutions stores institutions with their tuition and distance
// enrolment.
func (b *Builder) LoadInstitutions(ctx context.Context, insts []careerpath.Institution) error {
	return b.Load(ctx, tables.Institutions(insts, encoding))
}

// LoadPrograms stores programs; of each program's Institution only the
// UNITID is read.
func (b *Builder) LoadPrograms(ctx context.Context, programs []careerpath.Program) error {
	return b.Load(ctx, tables.Programs(programs, encoding))
}

// StoreDatasets records the datasets of the import with their figures.
func (b *Builder) StoreDatasets(ctx context.Context, ds []careerpath.Dataset) error {
	return b.Load(ctx, tables.Datasets(ds, now(), encoding))
}
