// Package finderref is the SQL reference of the program finder: it
// answers program searches with SQL over its own tables in the test's
// database, and the in-memory index of package search is tested against
// it and measured against it. Only tests import it; production databases
// have none of its tables.
package finderref

import (
	"cmp"
	"context"
	"crypto/sha256"
	"database/sql"
	"database/sql/driver"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/sqlite"
	sqlite3 "modernc.org/sqlite"
)

// The finder computes distances in SQL with the same Go function as the
// in-memory index, so that both agree on programs at the edge of a radius.
func init() {
	sqlite3.MustRegisterDeterministicScalarFunction("finder_distance", 4, func(_ *sqlite3.FunctionContext, args []driver.Value) (driver.Value, error) {
		var v [4]float64
		for i, a := range args {
			f, ok := a.(float64)
			if !ok {
				if n, isInt := a.(int64); isInt {
					f = float64(n)
				} else {
					return nil, nil // NULL coordinates: no distance
				}
			}
			v[i] = f
		}
		return careerpath.DistanceMiles(careerpath.GeoPoint{Lat: v[0], Lon: v[1]}, careerpath.GeoPoint{Lat: v[2], Lon: v[3]}), nil
	})
}

// Scorer is the relevance rule the finder stores and explains relevance
// with; *relevance.Rule implements it.
type Scorer interface {
	Careers() []string
	ScoreConcentration(career, cip, conc string, award int) (level string, score float64)
	Of(career, cip string, award int) careerpath.Relevance
	OfProgram(career string, p *careerpath.Program) careerpath.Relevance
	CIPTitle(code string) string
	// Under editors' overrides (override.go).
	ScoreOverridden(ov *careerpath.Overrides, id int64, career, cip, conc string, award int) (level string, score float64, overridden bool)
	OverrideField(ov *careerpath.Overrides, p *careerpath.Program)
	OfOverridden(ov *careerpath.Overrides, career string, p *careerpath.Program) careerpath.Relevance
}

// Finder answers program searches with SQL: the same filters, facet
// counts, sort and page as the in-memory index of package search, one
// GROUP BY query per facet. It is the reference the index is tested
// against and the baseline it is measured against.
//
// The relevance of every program to every career is precomputed into
// finder_relevance when the finder is opened, not at import: it depends
// on the career files, which change without an import. The tables are
// rebuilt only when a stamp of the programs, the active catalog entries
// and the model's scores differs from the stored one.
//
// Active catalog entries are programs too, with the id
// sqlite.CatalogProgramIDBase + entry id, and the same conventions as the index
// (see package search): delivery from the catalog's format, tuition only
// in USD, the catalog's duration where given, else the award level's
// typical one (NULL for a degree not recognised), completers unknown.
type Finder struct {
	db       *sqlite.DB
	conn     *sql.DB // of db's file, for the reference's tables
	model    Scorer
	ov       *careerpath.Overrides // nil for none (see WithOverrides)
	baseline *careerpath.Stat      // of payback
}

var _ careerpath.ProgramService = (*Finder)(nil)

// New returns a finder over db, first creating its tables in db's file
// (schema.sql) and bringing them up to date with the programs and the
// model. Close releases its connection.
func New(ctx context.Context, db *sqlite.DB, model Scorer) (*Finder, error) {
	q := url.Values{"_pragma": {"busy_timeout(10000)", "foreign_keys(1)"}, "_txlock": {"immediate"}}
	conn, err := sql.Open("sqlite", "file:"+db.Path+"?"+q.Encode())
	if err != nil {
		return nil, err
	}
	conn.SetMaxOpenConns(1)
	f := &Finder{db: db, conn: conn, model: model}
	if _, err := conn.ExecContext(ctx, schema); err != nil {
		conn.Close()
		return nil, fmt.Errorf("create finder tables: %w", err)
	}
	if err := f.prepare(ctx); err != nil {
		conn.Close()
		return nil, fmt.Errorf("prepare finder tables: %w", err)
	}
	if f.baseline, err = db.PaybackBaseline(ctx); err != nil && careerpath.ErrorCode(err) != careerpath.ENOTFOUND {
		conn.Close()
		return nil, err
	}
	return f, nil
}

// Close closes the finder's connection; db stays open.
func (f *Finder) Close() error { return f.conn.Close() }

// schema creates the finder's tables where they are missing.
//
//go:embed schema.sql
var schema string

// editorCIPStamp changes whenever an editor's decision sets the field of
// study of a catalog entry (as the one of package sqlite).
const editorCIPStamp = `(SELECT coalesce(max(l.id), 0) FROM review_labels l JOIN review_items r ON r.id = l.review_id
	WHERE l.cip <> '' AND r.catalog_entry_id IS NOT NULL)`

// readAll runs a query and scans every row.
func readAll[T any](ctx context.Context, conn *sql.DB, what, q string, args []any, scan func(*sql.Rows) (T, error)) ([]T, error) {
	rows, err := conn.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", what, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", what, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", what, err)
	}
	return out, nil
}

type classScore struct {
	career, cip, conc string
	award, lvl        int
	score             float64
}

func (f *Finder) prepare(ctx context.Context) error {
	// A class is a field of study, an award level and a concentration
	// ('' for none; only catalog programs name one).
	type cls struct {
		cip, conc string
		award     int
	}
	classes, err := readAll(ctx, f.conn, "program classes", `SELECT cip, award, '' FROM programs
		UNION SELECT cip, award, coalesce(concentration_cip, '') FROM catalog_entries WHERE status = 'active' ORDER BY 1, 2, 3`, nil,
		func(r *sql.Rows) (c cls, err error) { err = r.Scan(&c.cip, &c.award, &c.conc); return c, err })
	if err != nil {
		return err
	}
	var counts string
	if err := f.conn.QueryRowContext(ctx, `SELECT (SELECT count(*) || ':' || coalesce(max(id), 0) || ':' || coalesce(sum(id % 1000003), 0) FROM programs) || ':' ||
		(SELECT count(*) || ':' || coalesce(sum(unitid % 1000003), 0) FROM institutions) || ':' ||
		(SELECT count(*) || ':' || coalesce(max(id), 0) || ':' || coalesce(sum(id % 1000003), 0) || ':' || coalesce(sum(confidence), 0)
		 FROM catalog_entries WHERE status = 'active') || ':' || `+editorCIPStamp).Scan(&counts); err != nil {
		return fmt.Errorf("stamp: %w", err)
	}
	h := sha256.New()
	fmt.Fprintf(h, "v4 %s %g\n", counts, careerpath.OnlineShareThreshold)
	var scores []classScore
	for _, c := range f.model.Careers() {
		for _, k := range classes {
			level, score := f.model.ScoreConcentration(c, k.cip, k.conc, k.award)
			lv := levelCode(level)
			if lv > 0 {
				scores = append(scores, classScore{c, k.cip, k.conc, k.award, lv, score})
				fmt.Fprintf(h, "%s %s %d %s %d %g\n", c, k.cip, k.award, k.conc, lv, score)
			}
		}
	}
	stamp := hex.EncodeToString(h.Sum(nil))
	var old string
	err = f.conn.QueryRowContext(ctx, `SELECT value FROM finder_meta WHERE key = 'stamp'`).Scan(&old)
	if err != nil && err != sql.ErrNoRows {
		return err
	}
	if old == stamp {
		return nil
	}
	return f.rebuild(ctx, scores, stamp)
}

func levelCode(level string) int {
	switch level {
	case careerpath.RelevanceStrong:
		return 2
	case careerpath.RelevanceRelated:
		return 1
	}
	return 0
}

// rebuild refills the finder tables in one transaction.
func (f *Finder) rebuild(ctx context.Context, scores []classScore, stamp string) error {
	tx, err := f.conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	exec := func(q string, args ...any) error {
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("%.40s…: %w", strings.TrimSpace(q), err)
		}
		return nil
	}
	duration, durArgs := awardCase("p.award", func(l careerpath.AwardLevel) any { return l.TypicalYears })
	tuitionOut, tuitionIn, tuiArgs := tuitionColumns()
	args := append(append(durArgs, careerpath.OnlineShareThreshold), tuiArgs...)
	for _, q := range []string{`DELETE FROM finder_programs`, `DELETE FROM finder_class_relevance`, `DELETE FROM finder_relevance`,
		`INSERT INTO finder_text (finder_text) VALUES ('delete-all')`} {
		if err := exec(q); err != nil {
			return err
		}
	}
	if err := exec(`
		INSERT INTO finder_programs (id, unitid, award, duration, online, state, country, control, tuition, tuition_in, earnings, completers, lat, lon, name, inst_name)
		SELECT p.id, p.unitid, p.award, `+duration+`, coalesce(i.online_share >= ?, 0), i.state, 'US', i.control,
		       `+tuitionOut+`, `+tuitionIn+`, p.earnings_1yr, p.completers, i.latitude, i.longitude, p.name, i.name
		FROM programs p JOIN institutions i ON i.unitid = p.unitid`, args...); err != nil {
		return err
	}
	catDuration, catArgs := awardCase("e.award", func(l careerpath.AwardLevel) any { return l.TypicalYears })
	if err := exec(`
		INSERT INTO finder_programs (id, unitid, award, duration, online, state, country, control, tuition, tuition_in, earnings, completers, lat, lon, name, inst_name)
		SELECT ? + e.id, 0, e.award, coalesce(e.duration_years, `+catDuration+`), e.format IN (?, ?), e.region, e.country, 0,
		       CASE WHEN e.currency = 'USD' THEN e.tuition END, CASE WHEN e.currency = 'USD' THEN e.tuition END, NULL, NULL, NULL, NULL, e.program, e.institution
		FROM catalog_entries e WHERE e.status = 'active'`,
		append(append([]any{sqlite.CatalogProgramIDBase}, catArgs...), careerpath.FormatOnline, careerpath.FormatHybrid)...); err != nil {
		return err
	}
	ins, err := tx.PrepareContext(ctx, `INSERT INTO finder_class_relevance (career, cip, award, conc, level, score) VALUES (?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	for _, s := range scores {
		if _, err := ins.ExecContext(ctx, s.career, s.cip, s.award, s.conc, s.lvl, s.score); err != nil {
			ins.Close()
			return err
		}
	}
	ins.Close()
	if err := exec(`
		INSERT INTO finder_relevance (career, program_id, level, score)
		SELECT c.career, p.id, c.level, c.score FROM finder_class_relevance c JOIN programs p ON p.cip = c.cip AND p.award = c.award AND c.conc = ''
		UNION ALL
		SELECT c.career, ? + e.id, c.level, c.score FROM finder_class_relevance c JOIN catalog_entries e
		    ON e.cip = c.cip AND e.award = c.award AND coalesce(e.concentration_cip, '') = c.conc
		WHERE e.status = 'active'`, sqlite.CatalogProgramIDBase); err != nil {
		return err
	}
	if err := f.fillText(ctx, tx); err != nil {
		return err
	}
	if err := exec(`INSERT OR REPLACE INTO finder_meta (key, value) VALUES ('stamp', ?)`, stamp); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	_, err = f.conn.ExecContext(ctx, `ANALYZE`)
	return err
}

// fillText stores the words of every program's two names.
func (f *Finder) fillText(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT id, name, inst_name FROM finder_programs ORDER BY id`)
	if err != nil {
		return err
	}
	type row struct {
		id          int64
		name, iname string
	}
	var all []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.id, &r.name, &r.iname); err != nil {
			rows.Close()
			return err
		}
		all = append(all, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	cache := map[string]string{}
	words := func(s string) string {
		w, ok := cache[s]
		if !ok {
			w = strings.Join(careerpath.Tokenize(s), " ")
			cache[s] = w
		}
		return w
	}
	const per = 400
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO finder_text (rowid, words) VALUES `+strings.TrimSuffix(strings.Repeat("(?, ?), ", per), ", "))
	if err != nil {
		return err
	}
	defer stmt.Close()
	args := make([]any, 0, 2*per)
	flush := func(last bool) error {
		if len(args) == 0 {
			return nil
		}
		if len(args) == 2*per {
			_, err := stmt.ExecContext(ctx, args...)
			args = args[:0]
			return err
		}
		if !last {
			return nil
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO finder_text (rowid, words) VALUES `+strings.TrimSuffix(strings.Repeat("(?, ?), ", len(args)/2), ", "), args...)
		args = args[:0]
		return err
	}
	for _, r := range all {
		args = append(args, r.id, words(r.name)+" "+words(r.iname))
		if err := flush(false); err != nil {
			return err
		}
	}
	return flush(true)
}

// awardCase returns "CASE col WHEN ? THEN ? … END" mapping award codes to
// a property of their level, with its arguments.
func awardCase(col string, v func(careerpath.AwardLevel) any) (string, []any) {
	var b strings.Builder
	var args []any
	b.WriteString("CASE " + col)
	for _, l := range careerpath.AwardLevels {
		b.WriteString(" WHEN ? THEN ?")
		args = append(args, l.Code, v(l))
	}
	b.WriteString(" END")
	return b.String(), args
}

// bucketCase returns a CASE expression giving the index of the bucket of
// col (as careerpath.BucketOf), -1 for NULL.
func bucketCase(col string, bs []careerpath.Bucket) (string, []any) {
	var b strings.Builder
	var args []any
	b.WriteString("CASE WHEN " + col + " IS NULL THEN -1")
	for i := len(bs) - 1; i > 0; i-- {
		b.WriteString(" WHEN " + col + " >= ? THEN " + strconv.Itoa(i))
		args = append(args, bs[i].Min)
	}
	b.WriteString(" ELSE 0 END")
	return b.String(), args
}

// clause is a condition with its arguments.
type clause struct {
	sql  string
	args []any
}

// query is a filter translated to SQL: the FROM, the conditions that are
// not facets, and one condition per active facet filter.
type query struct {
	from   string
	fargs  []any
	global []clause
	facet  map[string]clause
	career bool
}

// where returns the conditions, leaving out the filter of the facet skip.
func (q *query) where(skip string) (string, []any) {
	args := append([]any(nil), q.fargs...)
	var parts []string
	for _, c := range q.global {
		parts = append(parts, c.sql)
		args = append(args, c.args...)
	}
	for _, name := range careerpath.Facets() {
		if c, ok := q.facet[name]; ok && name != skip {
			parts = append(parts, c.sql)
			args = append(args, c.args...)
		}
	}
	if len(parts) == 0 {
		return q.from, args
	}
	return q.from + " WHERE " + strings.Join(parts, " AND "), args
}

func placeholders(n int) string { return strings.TrimSuffix(strings.Repeat("?, ", n), ", ") }

// ResolveZIP returns the ZIP code's point in the ZIP gazetteer, else the
// centroid of the institutions with the ZIP code, summed in UNITID order
// as the index does, or an EINVALID error.
func (f *Finder) ResolveZIP(ctx context.Context, zip string) (careerpath.GeoPoint, error) {
	z := careerpath.ZIP5(zip)
	if pt, ok, err := f.zipCentroid(ctx, z); err != nil || ok {
		return pt, err
	}
	rows, err := f.conn.QueryContext(ctx, `SELECT zip, latitude, longitude FROM institutions
		WHERE substr(zip, 1, 5) = ? AND latitude IS NOT NULL AND longitude IS NOT NULL ORDER BY unitid`, z)
	if err != nil {
		return careerpath.GeoPoint{}, err
	}
	defer rows.Close()
	var lat, lon float64
	n := 0
	for rows.Next() {
		var full string
		var a, b float64
		if err := rows.Scan(&full, &a, &b); err != nil {
			return careerpath.GeoPoint{}, err
		}
		if careerpath.ZIP5(full) != z {
			continue
		}
		lat += a
		lon += b
		n++
	}
	if err := rows.Err(); err != nil {
		return careerpath.GeoPoint{}, err
	}
	if n == 0 || z == "" {
		return careerpath.GeoPoint{}, careerpath.UnknownZIPError(zip)
	}
	return careerpath.GeoPoint{Lat: lat / float64(n), Lon: lon / float64(n)}, nil
}

func (f *Finder) build(ctx context.Context, flt *careerpath.ProgramFilter) (*query, error) {
	q := &query{from: "FROM finder_programs p", facet: map[string]clause{}}
	if flt.Career != "" {
		known := false
		for _, c := range f.model.Careers() {
			known = known || c == flt.Career
		}
		if !known {
			return nil, careerpath.Errorf(careerpath.EINVALID, "career: there is no career %q.", flt.Career)
		}
		q.career = true
		join, args := f.relevanceJoin(ctx, flt.Career)
		q.from += join
		q.fargs = args
		if flt.MinRelevance == careerpath.RelevanceStrong {
			q.facet[careerpath.FacetRelevance] = clause{"r.level >= 2", nil}
		}
	}
	if flt.Resident != "" {
		q.from += " CROSS JOIN (SELECT ? AS state) rs" // read by tuitionExpr
		q.fargs = append(q.fargs, flt.Resident)
	}
	in := func(col string, n int, args []any) clause {
		return clause{col + " IN (" + placeholders(n) + ")", args}
	}
	if len(flt.Awards) > 0 {
		var args []any
		for _, a := range flt.Awards {
			args = append(args, a)
		}
		q.facet[careerpath.FacetAward] = in("p.award", len(args), args)
	}
	if flt.Delivery != "" {
		on := 0
		if flt.Delivery == careerpath.DeliveryOnline {
			on = 1
		}
		q.facet[careerpath.FacetDelivery] = clause{"p.online = ?", []any{on}}
	}
	if len(flt.States) > 0 {
		var args []any
		for _, s := range flt.States {
			args = append(args, s)
		}
		q.facet[careerpath.FacetState] = in("p.state", len(args), args)
	}
	if len(flt.Controls) > 0 {
		var args []any
		for _, c := range flt.Controls {
			args = append(args, int(c))
		}
		q.facet[careerpath.FacetControl] = in("p.control", len(args), args)
	}
	rng := func(facet, col string, lo, hi *float64) {
		var parts []string
		var args []any
		if lo != nil {
			parts, args = append(parts, col+" >= ?"), append(args, *lo)
		}
		if hi != nil {
			parts, args = append(parts, col+" <= ?"), append(args, *hi)
		}
		if len(parts) > 0 {
			q.facet[facet] = clause{"(" + strings.Join(parts, " AND ") + ")", args}
		}
	}
	rng(careerpath.FacetDuration, "p.duration", flt.DurationMin, flt.DurationMax)
	rng(careerpath.FacetTuition, tuitionExpr(flt), flt.TuitionMin, flt.TuitionMax)
	rng(careerpath.FacetEarnings, "p.earnings", flt.EarningsMin, flt.EarningsMax)
	if flt.CompletersMin != nil {
		q.facet[careerpath.FacetCompleters] = clause{"p.completers >= ?", []any{*flt.CompletersMin}}
	}
	if flt.Country != "" {
		q.facet[careerpath.FacetCountry] = clause{"p.country = ?", []any{flt.Country}}
	}
	if flt.ZIP != "" {
		pt, err := f.ResolveZIP(ctx, flt.ZIP)
		if err != nil {
			return nil, err
		}
		flt.Near = &pt
	}
	if flt.PaybackMax != nil || flt.Sort == careerpath.SortPayback {
		q.from += " CROSS JOIN (SELECT ? AS base) pb" // read by paybackExpr
		q.fargs = append(q.fargs, f.baselineValue())
		if flt.PaybackMax != nil {
			q.global = append(q.global, clause{paybackExpr(flt) + " <= ?", []any{*flt.PaybackMax}})
		}
	}
	if flt.Near != nil {
		q.from += " CROSS JOIN (SELECT ? AS lat, ? AS lon) nr" // read by orderBy for SortDistance
		q.fargs = append(q.fargs, flt.Near.Lat, flt.Near.Lon)
		// A bounding box in latitude lets the index on lat narrow the scan;
		// the distance decides. One degree of latitude is at least 68.7
		// miles.
		d := flt.RadiusMiles/68.7 + 1e-6
		q.global = append(q.global, clause{"p.lat BETWEEN ? AND ? AND finder_distance(?, ?, p.lat, p.lon) <= ?",
			[]any{flt.Near.Lat - d, flt.Near.Lat + d, flt.Near.Lat, flt.Near.Lon, flt.RadiusMiles}})
	}
	if flt.Match != nil {
		for _, g := range flt.Match.Groups {
			q.global = append(q.global, matchGroup(g))
		}
	} else if flt.Query != "" {
		words := careerpath.Tokenize(flt.Query)
		if len(words) == 0 {
			q.global = append(q.global, clause{"0", nil})
		} else {
			var m []string
			for _, w := range words {
				m = append(m, `"`+w+`"`)
			}
			q.global = append(q.global, clause{"p.id IN (SELECT rowid FROM finder_text WHERE finder_text MATCH ?)", []any{strings.Join(m, " ")}})
		}
	}
	return q, nil
}

// matchGroup returns the condition of a group of a read query: the
// words in the names, the institutions, the fields of study.
func matchGroup(g careerpath.MatchGroup) clause {
	var parts []string
	var args []any
	if len(g.Words) > 0 {
		quoted := make([]string, len(g.Words))
		for i, w := range g.Words {
			quoted[i] = `"` + w + `"`
		}
		parts = append(parts, "p.id IN (SELECT rowid FROM finder_text WHERE finder_text MATCH ?)")
		args = append(args, strings.Join(quoted, " OR "))
	}
	if len(g.UnitIDs) > 0 {
		parts = append(parts, "(p.unitid > 0 AND p.unitid IN ("+placeholders(len(g.UnitIDs))+"))")
		for _, u := range g.UnitIDs {
			args = append(args, u)
		}
	}
	if len(g.CIPs) > 0 {
		ph := placeholders(len(g.CIPs))
		parts = append(parts, "p.id IN (SELECT id FROM programs WHERE cip IN ("+ph+") UNION ALL SELECT ? + id FROM catalog_entries WHERE status = 'active' AND cip IN ("+ph+"))")
		for _, c := range g.CIPs {
			args = append(args, c)
		}
		args = append(args, sqlite.CatalogProgramIDBase)
		for _, c := range g.CIPs {
			args = append(args, c)
		}
	}
	if len(parts) == 0 {
		return clause{"0", nil}
	}
	return clause{"(" + strings.Join(parts, " OR ") + ")", args}
}

// orderBy returns the ORDER BY of a sort; ties go to the lower program ID.
func orderBy(flt *careerpath.ProgramFilter, career bool) string {
	dir := " ASC"
	if flt.Order == careerpath.OrderDesc {
		dir = " DESC"
	}
	switch flt.Sort {
	case careerpath.SortRelevanceScore:
		if career {
			return "r.score" + dir + ", p.id"
		}
		return "p.completers" + dir + ", p.id"
	case careerpath.SortTuition:
		return tuitionExpr(flt) + " IS NULL, " + tuitionExpr(flt) + dir + ", p.id"
	case careerpath.SortDistance:
		return "finder_distance(nr.lat, nr.lon, p.lat, p.lon)" + dir + ", p.id"
	case careerpath.SortPayback:
		return paybackExpr(flt) + " IS NULL, " + paybackExpr(flt) + dir + ", p.id"
	case careerpath.SortEarnings:
		return "p.earnings IS NULL, p.earnings" + dir + ", p.id"
	case careerpath.SortDuration:
		return "p.duration IS NULL, p.duration" + dir + ", p.id"
	case careerpath.SortCompleters:
		return "p.completers" + dir + ", p.id"
	case careerpath.SortOutcomes: // search.OutcomeKey
		outcome := "(0.6 * IFNULL(MIN(MAX(p.earnings / 100000.0, 0), 1), 0.5) + 0.4 * CASE WHEN p.completers > 0 THEN MIN(log10(1 + p.completers) / 3, 1) ELSE 0 END)"
		if career {
			return "(CASE WHEN r.score >= 0.7 THEN 1 ELSE 0 END + 0.7 * r.score + 0.3 * " + outcome + ")" + dir + ", p.id"
		}
		return outcome + dir + ", p.id"
	}
	return "p.name" + dir + ", p.inst_name" + dir + ", p.id"
}

// facetSQL returns the expression a facet groups on and its arguments.
func facetSQL(facet string, flt *careerpath.ProgramFilter) (string, []any) {
	switch facet {
	case careerpath.FacetRelevance:
		return "r.level", nil
	case careerpath.FacetAward:
		return "p.award", nil
	case careerpath.FacetDelivery:
		return "p.online", nil
	case careerpath.FacetState:
		return "p.state", nil
	case careerpath.FacetCountry:
		return "p.country", nil
	case careerpath.FacetControl:
		return "p.control", nil
	case careerpath.FacetDuration:
		return bucketCase("p.duration", careerpath.DurationBuckets)
	case careerpath.FacetTuition:
		return bucketCase(tuitionExpr(flt), careerpath.TuitionBuckets)
	case careerpath.FacetEarnings:
		return bucketCase("p.earnings", careerpath.EarningsBuckets)
	}
	return bucketCase("p.completers", careerpath.CompletersBuckets)
}

// facetValue turns a grouped value into the facet's value.
func facetValue(facet string, v any) string {
	var n int64
	switch x := v.(type) {
	case int64:
		n = x
	case string:
		if x == "" { // a catalog entry without region or country
			return careerpath.BucketUnknown
		}
		return x
	case float64:
		n = int64(x)
	}
	bucket := func(bs []careerpath.Bucket) string {
		if n < 0 || int(n) >= len(bs) {
			return careerpath.BucketUnknown
		}
		return bs[n].Value
	}
	switch facet {
	case careerpath.FacetRelevance:
		if n == 2 {
			return careerpath.RelevanceStrong
		}
		return careerpath.RelevanceRelated
	case careerpath.FacetAward:
		return careerpath.FacetAwardValue(int(n))
	case careerpath.FacetDelivery:
		if n == 1 {
			return careerpath.DeliveryOnline
		}
		return careerpath.DeliveryCampus
	case careerpath.FacetControl:
		return strconv.FormatInt(n, 10)
	case careerpath.FacetDuration:
		return bucket(careerpath.DurationBuckets)
	case careerpath.FacetTuition:
		return bucket(careerpath.TuitionBuckets)
	case careerpath.FacetEarnings:
		return bucket(careerpath.EarningsBuckets)
	}
	return bucket(careerpath.CompletersBuckets)
}

// FindPrograms answers the filter with SQL.
func (f *Finder) FindPrograms(ctx context.Context, flt careerpath.ProgramFilter) (*careerpath.ProgramPage, error) {
	if err := flt.Normalize(); err != nil {
		return nil, err
	}
	q, err := f.build(ctx, &flt)
	if err != nil {
		return nil, err
	}
	page := &careerpath.ProgramPage{Page: flt.Page, PerPage: flt.PerPage, Items: []careerpath.ProgramMatch{}, PaybackBaseline: f.baseline}
	where, args := q.where("")
	counts := "count(*), 0, 0"
	if q.career {
		counts = "count(*), coalesce(sum(r.level = 2), 0), coalesce(sum(r.level = 1), 0)"
	}
	if err := f.conn.QueryRowContext(ctx, "SELECT "+counts+" "+where, args...).Scan(&page.Total, &page.Strong, &page.Related); err != nil {
		return nil, fmt.Errorf("count programs: %w", err)
	}

	raw := map[string]map[string]int{}
	for _, facet := range careerpath.Facets() {
		if facet == careerpath.FacetRelevance && !q.career {
			continue
		}
		expr, eargs := facetSQL(facet, &flt)
		w, wargs := q.where(facet)
		rows, err := f.conn.QueryContext(ctx, "SELECT "+expr+" AS v, count(*) "+w+" GROUP BY v", append(eargs, wargs...)...)
		if err != nil {
			return nil, fmt.Errorf("facet %s: %w", facet, err)
		}
		m := map[string]int{}
		for rows.Next() {
			var v any
			var n int
			if err := rows.Scan(&v, &n); err != nil {
				rows.Close()
				return nil, fmt.Errorf("facet %s: %w", facet, err)
			}
			m[facetValue(facet, v)] += n
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("facet %s: %w", facet, err)
		}
		raw[facet] = m
	}
	page.Facets = careerpath.SortFacets(raw)

	var ids []int64
	if flt.Sort == careerpath.SortBest {
		ids, err = f.bestPage(ctx, &flt, q, where, args)
	} else {
		ids, err = f.page(ctx, "SELECT p.id "+where+" ORDER BY "+orderBy(&flt, q.career)+" LIMIT ? OFFSET ?",
			append(args, flt.PerPage, (flt.Page-1)*flt.PerPage))
	}
	if err != nil {
		return nil, fmt.Errorf("page of programs: %w", err)
	}
	progs, err := f.programs(ctx, ids)
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		page.Items = append(page.Items, f.match(progs[id], flt.Career, flt.Near))
	}
	return page, nil
}

// page returns the program IDs a query selects.
func (f *Finder) page(ctx context.Context, query string, args []any) ([]int64, error) {
	return readAll(ctx, f.conn, "page", query, args, func(r *sql.Rows) (id int64, err error) { err = r.Scan(&id); return id, err })
}

// bestPage returns the page of the best-match order
// (careerpath.BestMatchKey), diversified as the index does: the best
// 3·k + 30 matches for the first k of the page, reordered by
// careerpath.Diversify with each catalog program an institution of its
// own. It reads every match and sorts in Go, the reference being exact
// rather than fast. It does not rank by the match quality of a free-text
// query, which the index alone computes.
func (f *Finder) bestPage(ctx context.Context, flt *careerpath.ProgramFilter, q *query, where string, args []any) ([]int64, error) {
	type row struct {
		id, group int64
		key       float64
	}
	cols := "0, 0.0"
	if q.career {
		cols = "r.level, r.score"
	}
	rows, err := readAll(ctx, f.conn, "best match", "SELECT p.id, p.unitid, "+cols+", p.earnings, p.completers "+where, args, func(r *sql.Rows) (row, error) {
		var x row
		var level int
		var score float64
		var earn sql.NullFloat64
		var completers sql.NullInt64
		if err := r.Scan(&x.id, &x.group, &level, &score, &earn, &completers); err != nil {
			return x, err
		}
		e, c := math.NaN(), -1
		if earn.Valid {
			e = earn.Float64
		}
		if completers.Valid {
			c = int(completers.Int64)
		}
		if x.group == 0 {
			x.group = -x.id // a catalog program is an institution of its own
		}
		x.key = careerpath.BestMatchKey(level, score, e, c)
		return x, nil
	})
	if err != nil {
		return nil, err
	}
	desc := flt.Order == careerpath.OrderDesc
	slices.SortFunc(rows, func(a, b row) int {
		if a.key != b.key {
			if (a.key > b.key) == desc {
				return -1
			}
			return 1
		}
		return cmp.Compare(a.id, b.id)
	})
	k := flt.Page * flt.PerPage
	if desc && k <= 1<<16 {
		rows = rows[:min(len(rows), 3*k+30, 1<<16)]
		groups := map[int64]uint32{}
		for _, r := range rows {
			if _, ok := groups[r.group]; !ok {
				groups[r.group] = uint32(len(groups))
			}
		}
		at := careerpath.Diversify(len(rows), func(i int) uint32 { return groups[rows[i].group] })
		div := make([]row, len(rows))
		for i, j := range at {
			div[i] = rows[j]
		}
		rows = div
	}
	var ids []int64
	for i := (flt.Page - 1) * flt.PerPage; i < len(rows) && i < k; i++ {
		ids = append(ids, rows[i].id)
	}
	return ids, nil
}

func (f *Finder) match(p *careerpath.Program, career string, near *careerpath.GeoPoint) careerpath.ProgramMatch {
	m := careerpath.ProgramMatch{Program: p, Baseline: f.baseline}
	if f.ov != nil {
		f.model.OverrideField(f.ov, p)
	}
	if career != "" && f.ov != nil {
		m.Relevance = f.model.OfOverridden(f.ov, career, p)
	} else if career != "" {
		m.Relevance = f.model.OfProgram(career, p)
	}
	if near != nil && p.Institution.Latitude != nil && p.Institution.Longitude != nil {
		d := careerpath.DistanceMiles(*near, careerpath.GeoPoint{Lat: *p.Institution.Latitude, Lon: *p.Institution.Longitude})
		m.DistanceMiles = &d
	}
	return m
}

// FindProgram returns one program with its relevance to the career.
func (f *Finder) FindProgram(ctx context.Context, id int64, career string) (*careerpath.ProgramMatch, error) {
	if career != "" {
		known := false
		for _, c := range f.model.Careers() {
			known = known || c == career
		}
		if !known {
			return nil, careerpath.Errorf(careerpath.EINVALID, "career: there is no career %q.", career)
		}
	}
	progs, err := f.programs(ctx, []int64{id})
	if err != nil {
		return nil, err
	}
	p, ok := progs[id]
	if !ok {
		return nil, careerpath.Errorf(careerpath.ENOTFOUND, "No program %d.", id)
	}
	m := f.match(p, career, nil)
	return &m, nil
}

const programColumns = `p.id, p.cip, p.award, p.name, p.completers, p.trend, p.earnings_1yr, p.earnings_4yr, p.mean_debt, p.source,
	i.unitid, i.name, i.city, i.state, i.zip, i.web, i.control, i.latitude, i.longitude,
	i.tuition_in_state, i.tuition_out_of_state, i.total_enrollment, i.distance_enrollment, i.online_share,
	i.grad_tuition_in_state, i.grad_tuition_out_of_state`

// programs reads programs with their institution, by ID.
func (f *Finder) programs(ctx context.Context, ids []int64) (map[int64]*careerpath.Program, error) {
	out := map[int64]*careerpath.Program{}
	var args []any
	for _, id := range ids {
		if id < sqlite.CatalogProgramIDBase {
			args = append(args, id)
			continue
		}
		p, err := f.db.CatalogProgram(ctx, id)
		if careerpath.ErrorCode(err) == careerpath.ENOTFOUND {
			continue
		} else if err != nil {
			return nil, err
		}
		out[id] = p
	}
	if len(args) == 0 {
		return out, nil
	}
	list, err := readAll(ctx, f.conn, "programs", `SELECT `+programColumns+`
		FROM programs p JOIN institutions i ON i.unitid = p.unitid WHERE p.id IN (`+placeholders(len(args))+`)`, args, scanProgram)
	if err != nil {
		return nil, err
	}
	for _, p := range list {
		out[p.ID] = p
	}
	return out, nil
}

func scanProgram(r *sql.Rows) (*careerpath.Program, error) {
	var p careerpath.Program
	var award int
	var trend sql.NullString
	in := &p.Institution
	if err := r.Scan(&p.ID, &p.CIP, &award, &p.Name, &p.Completers, &trend, &p.Earnings1Yr, &p.Earnings4Yr, &p.MeanDebt, &p.Source,
		&in.UnitID, &in.Name, &in.City, &in.State, &in.ZIP, &in.Web, &in.Control, &in.Latitude, &in.Longitude,
		&in.TuitionInState, &in.TuitionOutOfState, &in.Enrollment, &in.DistanceEnrollment, &in.OnlineShare,
		&in.GradTuitionInState, &in.GradTuitionOutOfState); err != nil {
		return nil, err
	}
	in.Country = "US"
	if in.TuitionInState != nil || in.TuitionOutOfState != nil {
		in.TuitionYear = "2023-24"
	}
	p.Award, _ = careerpath.FindAwardLevel(award)
	if trend.Valid {
		if err := json.Unmarshal([]byte(trend.String), &p.CompletersTrend); err != nil {
			return nil, fmt.Errorf("program %d trend: %w", p.ID, err)
		}
	}
	return &p, nil
}
