// Package importer builds careerpath's open data from a release: it
// parses every dataset with package opendata, derives the US program
// catalog, stores everything through a Builder (a new SQLite file,
// sqlite.Builder, or a new PostgreSQL schema, postgres.Builder) and puts
// the new data in place in one step.
package importer

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"time"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/opendata"
	"github.com/careerpath/careerpath/sqlite"
)

// Options configure an import.
type Options struct {
	Data fs.FS // the release, laid out as package data's FS
	// Builder stores the release; Run commits or aborts it. Nil means a
	// sqlite.Builder of the database file at DBPath.
	Builder  Builder
	DBPath   string // the SQLite database to replace, without a Builder
	Progress Progress
}

// Builder stores one release of the open data beside the one in use and
// puts it in place at Commit, in one step; until then, and after Abort,
// the data in use is untouched. It is implemented by sqlite.Builder (a
// new database file) and postgres.Builder (a new schema). Each Load
// method is called once, in the order of Run's steps.
type Builder interface {
	LoadONET(ctx context.Context, o opendata.ONET) error
	LoadOEWS(ctx context.Context, rows []opendata.OEWSOccupation) error
	LoadProjections(ctx context.Context, rows []opendata.Projection) error
	LoadCIP(ctx context.Context, rows []opendata.CIPCode) error
	LoadCrosswalk(ctx context.Context, rows []opendata.CrosswalkPair) error
	LoadCompletionTrends(ctx context.Context, rows []opendata.CompletionYear) error
	LoadScorecardPrograms(ctx context.Context, rows []opendata.ScorecardProgram) error
	LoadSalaries(ctx context.Context, rows []opendata.Salary) error
	LoadWorldUniversities(ctx context.Context, rows []opendata.WorldUniversity) error
	LoadZIPCentroids(ctx context.Context, rows []opendata.ZIPCentroid) error
	LoadInstitutions(ctx context.Context, insts []careerpath.Institution) error
	// LoadPrograms stores programs; of each program's Institution only
	// the UNITID is read.
	LoadPrograms(ctx context.Context, programs []careerpath.Program) error
	LoadScorecardFields(ctx context.Context, rows []opendata.ScorecardField, match []opendata.ScorecardMatch) error
	StoreDatasets(ctx context.Context, ds []careerpath.Dataset) error
	// CopyCatalogs keeps the provider catalogs of the data replaced and
	// returns the number of their entries.
	CopyCatalogs(ctx context.Context) (int, error)
	// Commit puts the new data in place.
	Commit(ctx context.Context) error
	// Abort discards the new data.
	Abort()
}

var _ Builder = (*sqlite.Builder)(nil)

// Result is what an import did with one dataset.
type Result struct {
	Dataset    string
	Read       int // records parsed
	Stored     int // rows stored
	Rejections []careerpath.Rejection
}

// Rejected returns the number of records left out, for every reason.
func (r Result) Rejected() int {
	n := 0
	for _, rj := range r.Rejections {
		n += rj.Rows
	}
	return n
}

func (r *Result) reject(reason string) {
	for i := range r.Rejections {
		if r.Rejections[i].Reason == reason {
			r.Rejections[i].Rows++
			return
		}
	}
	r.Rejections = append(r.Rejections, careerpath.Rejection{Reason: reason, Rows: 1})
}

// Summary is the outcome of an import.
type Summary struct {
	Results  []Result
	Programs ProgramStats
	// CatalogEntries is the number of provider catalog entries carried
	// over from the database replaced.
	CatalogEntries int
	Duration       time.Duration
}

// Run imports the release through opts.Builder (or into a new database
// swapped in at opts.DBPath) and commits it. On any error the data in
// use is left untouched.
func Run(ctx context.Context, opts Options) (*Summary, error) {
	start := time.Now()
	b := opts.Builder
	if b == nil {
		sb, err := sqlite.NewBuilder(ctx, opts.DBPath)
		if err != nil {
			return nil, fmt.Errorf("create database: %w", err)
		}
		b = sb
	}
	im := &run{opts: opts, b: b, meta: map[string]careerpath.Dataset{}}
	for _, d := range opendata.Datasets() {
		im.meta[d.ID] = d
	}
	sum, err := im.all(ctx)
	if err != nil {
		b.Abort()
		return nil, err
	}
	if sum.CatalogEntries, err = b.CopyCatalogs(ctx); err != nil {
		b.Abort()
		return nil, err
	}
	if err := b.Commit(ctx); err != nil {
		return nil, fmt.Errorf("install the new data: %w", err)
	}
	sum.Duration = time.Since(start)
	return sum, nil
}

// run holds the state of one import: the parsed records that later steps
// join, and the results so far.
type run struct {
	opts    Options
	b       Builder
	meta    map[string]careerpath.Dataset
	results []Result
	parsed  parsed
}

func (im *run) all(ctx context.Context) (*Summary, error) {
	steps := []struct {
		id   string
		load func(context.Context, *Result) error
	}{
		{opendata.DatasetONET, im.loadONET},
		{opendata.DatasetOEWS, im.loadOEWS},
		{opendata.DatasetProjections, im.loadProjections},
		{opendata.DatasetCIP, im.loadCIP},
		{opendata.DatasetCrosswalk, im.loadCrosswalk},
		{opendata.DatasetInstitution, im.parseInstitutions},
		{opendata.DatasetTuition, im.parseTuition},
		{opendata.DatasetGradTuition, im.parseGradTuition},
		{opendata.DatasetDistance, im.parseDistance},
		{opendata.DatasetCompletions, im.parseCompletions},
		{opendata.DatasetTrends, im.loadTrends},
		{opendata.DatasetScorecard, im.parseScorecard},
		{opendata.DatasetScorecardFS, im.loadScorecardFull},
		{opendata.DatasetSalaries, im.loadSalaries},
		{opendata.DatasetWorldUnis, im.loadWorldUniversities},
		{opendata.DatasetZIP, im.loadZIPCentroids},
		{opendata.DatasetPrograms, im.loadPrograms},
	}
	for _, s := range steps {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		res := Result{Dataset: s.id}
		im.opts.Progress.Start(s.id, im.size(s.id))
		if err := s.load(ctx, &res); err != nil {
			return nil, err
		}
		im.opts.Progress.Done(res)
		im.results = append(im.results, res)
	}
	var ds []careerpath.Dataset
	for _, r := range im.results {
		d := im.meta[r.Dataset]
		d.RowsRead, d.RowsStored, d.RowsRejected, d.Rejections = r.Read, r.Stored, r.Rejected(), r.Rejections
		ds = append(ds, d)
	}
	if err := im.b.StoreDatasets(ctx, ds); err != nil {
		return nil, err
	}
	return &Summary{Results: im.results, Programs: im.parsed.programStats}, nil
}

// size returns the total size in bytes of the dataset's files, for
// progress.
func (im *run) size(id string) int64 {
	var total int64
	for _, name := range im.meta[id].Files {
		if fi, err := fs.Stat(im.opts.Data, name); err == nil {
			total += fi.Size()
		}
	}
	return total
}

// parse opens the named file of the release and hands it to parse, which
// returns the records; file-level errors name the dataset and file.
func parse[T any](im *run, dataset, name string, parse func(opendata.Source, io.Reader) ([]T, error)) ([]T, error) {
	f, err := im.opts.Data.Open(name)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dataset, err)
	}
	defer f.Close()
	return parse(opendata.Source{Dataset: dataset, File: name}, countingReader{f, im.opts.Progress})
}

func (im *run) loadOEWS(ctx context.Context, res *Result) error {
	rows, err := parse(im, opendata.DatasetOEWS, "bls-oews-2024/national_M2024.csv", opendata.ParseOEWS)
	if err != nil {
		return err
	}
	res.Read, res.Stored = len(rows), len(rows)
	return im.b.LoadOEWS(ctx, rows)
}

func (im *run) loadONET(ctx context.Context, res *Result) error {
	var o opendata.ONET
	var err error
	const dir = "onet-29.3/"
	if o.Occupations, err = parse(im, opendata.DatasetONET, dir+"occupation_data.txt", opendata.ParseONETOccupations); err != nil {
		return err
	}
	if o.JobZones, err = parse(im, opendata.DatasetONET, dir+"job_zones.txt", opendata.ParseJobZones); err != nil {
		return err
	}
	if o.JobZoneLevels, err = parse(im, opendata.DatasetONET, dir+"job_zone_reference.txt", opendata.ParseJobZoneReference); err != nil {
		return err
	}
	if o.Tasks, err = parse(im, opendata.DatasetONET, dir+"task_statements.txt.gz", opendata.ParseTasks); err != nil {
		return err
	}
	if o.Technology, err = parse(im, opendata.DatasetONET, dir+"technology_skills.txt.gz", opendata.ParseTechnologySkills); err != nil {
		return err
	}
	if o.Skills, err = parse(im, opendata.DatasetONET, dir+"skills_importance_level.tsv.gz", opendata.ParseRatings); err != nil {
		return err
	}
	if o.Knowledge, err = parse(im, opendata.DatasetONET, dir+"knowledge_importance_level.tsv.gz", opendata.ParseRatings); err != nil {
		return err
	}
	res.Read, res.Stored = o.Rows(), o.Rows()
	return im.b.LoadONET(ctx, o)
}

func (im *run) loadProjections(ctx context.Context, res *Result) error {
	rows, err := parse(im, opendata.DatasetProjections, "bls-projections-2024-34/occupation_projections_2024_2034.csv", opendata.ParseProjections)
	if err != nil {
		return err
	}
	res.Read, res.Stored = len(rows), len(rows)
	return im.b.LoadProjections(ctx, rows)
}

func (im *run) loadCIP(ctx context.Context, res *Result) error {
	rows, err := parse(im, opendata.DatasetCIP, "cip-2020/CIPCode2020.csv.gz", opendata.ParseCIP)
	if err != nil {
		return err
	}
	im.parsed.cip = rows
	res.Read, res.Stored = len(rows), len(rows)
	return im.b.LoadCIP(ctx, rows)
}

func (im *run) loadCrosswalk(ctx context.Context, res *Result) error {
	rows, err := parse(im, opendata.DatasetCrosswalk, "cip-soc-2020/cip2020_soc2018_crosswalk.csv", opendata.ParseCrosswalk)
	if err != nil {
		return err
	}
	res.Read, res.Stored = len(rows), len(rows)
	return im.b.LoadCrosswalk(ctx, rows)
}

func (im *run) loadSalaries(ctx context.Context, res *Result) error {
	rows, err := parse(im, opendata.DatasetSalaries, "aijobs-salaries/salaries_2025-01-19.csv.gz", opendata.ParseSalaries)
	if err != nil {
		return err
	}
	res.Read, res.Stored = len(rows), len(rows)
	return im.b.LoadSalaries(ctx, rows)
}

func (im *run) loadWorldUniversities(ctx context.Context, res *Result) error {
	rows, err := parse(im, opendata.DatasetWorldUnis, "world-universities/world_universities_and_domains.json.gz", opendata.ParseWorldUniversities)
	if err != nil {
		return err
	}
	res.Read, res.Stored = len(rows), len(rows)
	return im.b.LoadWorldUniversities(ctx, rows)
}

// The IPEDS and Scorecard datasets are parsed first and stored together by
// loadPrograms, which joins them; their results are completed there.

func (im *run) parseInstitutions(ctx context.Context, res *Result) (err error) {
	im.parsed.institutions, err = parse(im, opendata.DatasetInstitution, "ipeds/hd2024.csv.gz", opendata.ParseInstitutions)
	res.Read, res.Stored = len(im.parsed.institutions), len(im.parsed.institutions)
	return err
}

func (im *run) parseTuition(ctx context.Context, res *Result) (err error) {
	im.parsed.tuition, err = parse(im, opendata.DatasetTuition, "ipeds/tuition_fees_2023_24.csv", opendata.ParseTuition)
	res.Read = len(im.parsed.tuition)
	return err
}

func (im *run) parseDistance(ctx context.Context, res *Result) (err error) {
	im.parsed.distance, err = parse(im, opendata.DatasetDistance, "ipeds/distance_enrollment_2020_2024.csv", opendata.ParseDistanceEnrollment)
	res.Read = len(im.parsed.distance)
	return err
}

func (im *run) parseCompletions(ctx context.Context, res *Result) (err error) {
	im.parsed.completions, err = parse(im, opendata.DatasetCompletions, "ipeds/c2024_a.csv.gz", opendata.ParseCompletions)
	res.Read = len(im.parsed.completions)
	return err
}

func (im *run) loadTrends(ctx context.Context, res *Result) (err error) {
	im.parsed.trends, err = parse(im, opendata.DatasetTrends, "ipeds/c2020_2024_a_tech_fields.csv.gz", opendata.ParseCompletionTrends)
	if err != nil {
		return err
	}
	res.Read, res.Stored = len(im.parsed.trends), len(im.parsed.trends)
	return im.b.LoadCompletionTrends(ctx, im.parsed.trends)
}

func (im *run) parseScorecard(ctx context.Context, res *Result) (err error) {
	im.parsed.scorecard, err = parse(im, opendata.DatasetScorecard, "scorecard/fos_bachelors_2023.csv.gz", opendata.ParseScorecardBachelors)
	res.Read = len(im.parsed.scorecard)
	return err
}

func (im *run) loadScorecardFull(ctx context.Context, res *Result) error {
	rows, err := parse(im, opendata.DatasetScorecardFS, "scorecard/fos_full_schema_one_institution.csv.gz", opendata.ParseScorecardFull)
	if err != nil {
		return err
	}
	res.Read, res.Stored = len(rows), len(rows)
	return im.b.LoadScorecardPrograms(ctx, rows)
}

// loadPrograms derives the program catalog and stores it with the
// institutions and Scorecard rows it joined, completing the results of
// those datasets.
func (im *run) loadPrograms(ctx context.Context, res *Result) error {
	p := &im.parsed
	insts := institutionRows(p, im.result(opendata.DatasetTuition), im.result(opendata.DatasetDistance))
	addGraduateTuition(insts, p.gradTuition, im.result(opendata.DatasetGradTuition))
	if err := im.b.LoadInstitutions(ctx, insts); err != nil {
		return err
	}
	completions := im.result(opendata.DatasetCompletions)
	programs := derivePrograms(p, completions)
	completions.Stored = len(programs)
	if err := im.b.LoadPrograms(ctx, programs); err != nil {
		return err
	}
	sc := im.result(opendata.DatasetScorecard)
	sc.Stored = len(p.scorecard)
	if err := im.b.LoadScorecardFields(ctx, p.scorecard, p.scorecardMatch); err != nil {
		return err
	}
	res.Read, res.Stored = len(p.completions), len(programs)
	return nil
}

// result returns the result of a dataset imported earlier in this run.
func (im *run) result(id string) *Result {
	for i := range im.results {
		if im.results[i].Dataset == id {
			return &im.results[i]
		}
	}
	panic("importer: no result yet for " + id)
}
