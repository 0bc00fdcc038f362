package finderref

import (
	"context"
	"sort"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/sqlite"
)

// WithOverrides returns a finder answering as f with the editors'
// overrides applied: the SQL reference of search.Index.WithOverrides.
func (f *Finder) WithOverrides(ov *careerpath.Overrides) *Finder {
	c := *f
	c.ov = ov
	return &c
}

// relevanceJoin returns the join of a career query's relevance as r
// (program_id, level, score), with its arguments: finder_relevance for
// the career, with the rows of overridden programs replaced by their
// overridden level and score (left out when none).
func (f *Finder) relevanceJoin(ctx context.Context, career string) (string, []any) {
	plain := " JOIN finder_relevance r ON r.career = ? AND r.program_id = p.id"
	if f.ov == nil || f.ov.Len() == 0 {
		return plain, []any{career}
	}
	type row struct {
		id    int64
		level int
		score float64
	}
	seen := map[int64]bool{}
	var rows []row
	f.ov.Each(func(o *careerpath.Override) {
		if seen[o.ProgramID] || o.Career != "" && o.Career != career {
			return
		}
		seen[o.ProgramID] = true
		var cip string
		var award int
		if err := f.conn.QueryRowContext(ctx, `SELECT cip, award FROM programs WHERE id = ?
			UNION ALL SELECT cip, award FROM catalog_entries WHERE id = ? - ? AND status = 'active'`,
			o.ProgramID, o.ProgramID, sqlite.CatalogProgramIDBase).Scan(&cip, &award); err != nil {
			return // not a program of the finder
		}
		level, score, _ := f.model.ScoreOverridden(f.ov, o.ProgramID, career, cip, award)
		rows = append(rows, row{o.ProgramID, levelCode(level), score})
	})
	if len(rows) == 0 {
		return plain, []any{career}
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].id < rows[j].id })
	args := []any{career}
	q := " JOIN (SELECT program_id, level, score FROM finder_relevance WHERE career = ? AND program_id NOT IN ("
	for i, r := range rows {
		if i > 0 {
			q += ", "
		}
		q += "?"
		args = append(args, r.id)
	}
	q += ")"
	for _, r := range rows {
		if r.level > 0 {
			q += " UNION ALL SELECT ?, ?, ?"
			args = append(args, r.id, r.level, r.score)
		}
	}
	return q + ") r ON r.program_id = p.id", args
}
