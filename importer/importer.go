// Package importer builds careerpath's database from an open-data release:
// it parses every dataset with package opendata, derives the US program
// catalog, stores everything through a sqlite.Builder and moves the new
// database into place in one step.
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
	Data     fs.FS  // the release, laid out as package data's FS
	DBPath   string // the database to replace
	Progress Progress
}

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
	Duration time.Duration
}

// Run imports the release into a new database and swaps it in. On any
// error the database at opts.DBPath is left untouched.
func Run(ctx context.Context, opts Options) (*Summary, error) {
	start := time.Now()
	b, err := sqlite.NewBuilder(ctx, opts.DBPath)
	if err != nil {
		return nil, fmt.Errorf("create database: %w", err)
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
	if err := b.Commit(ctx); err != nil {
		return nil, fmt.Errorf("install database: %w", err)
	}
	sum.Duration = time.Since(start)
	return sum, nil
}

// run holds the state of one import: the parsed records that later steps
// join, and the results so far.
type run struct {
	opts    Options
	b       *sqlite.Builder
	meta    map[string]careerpath.Dataset
	results []Result
	parsed  parsed
}

func (im *run) all(ctx context.Context) (*Summary, error) {
	steps := []struct {
		id   string
		load func(context.Context, *Result) error
	}{
		{opendata.DatasetOEWS, im.loadOEWS},
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
