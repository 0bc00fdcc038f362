package sqlite

import (
	"context"
	"encoding/json"

	"github.com/careerpath/careerpath/opendata"
)

// LoadCIP stores the CIP 2020 taxonomy.
func (b *Builder) LoadCIP(ctx context.Context, rows []opendata.CIPCode) error {
	cols := []string{"code", "family", "action", "title", "definition", "cross_references", "examples"}
	return b.insert(ctx, "cip_codes", cols, len(rows), func(i int) []any {
		c := rows[i]
		ex, _ := json.Marshal(nonNil(c.Examples))
		return []any{c.Code, c.Family, c.Action, c.Title, c.Definition, c.CrossReferences, string(ex)}
	})
}

// LoadCrosswalk stores the CIP–SOC pairs. The crosswalk's no-match rows
// are kept with their missing side blank, so that "prepares for no listed
// occupation" stays a fact rather than an absence.
func (b *Builder) LoadCrosswalk(ctx context.Context, rows []opendata.CrosswalkPair) error {
	cols := []string{"cip", "cip_title", "soc", "soc_title"}
	return b.insert(ctx, "cip_soc", cols, len(rows), func(i int) []any {
		p := rows[i]
		return []any{p.CIP, p.CIPTitle, p.SOC, p.SOCTitle}
	})
}
