package postgres

// Serving: what a server reads of a PostgreSQL database, operator state
// and the open data of the release that serves, switched to each new
// release as an import commits it.

import (
	"context"
	"fmt"
	"sync/atomic"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/figures"
	"github.com/careerpath/careerpath/similar"
)

// Serving is a DB together with the reader of the open-data release that
// serves (OpenData), behind an atomic pointer: Switch moves it to a newer
// release (on careerpath.ChangeData, or when a read of the old one fails
// with ECONFLICT) while reads under way finish on the old one. Its
// open-data methods read the current release; a read that finds it
// replaced switches and reads once more, except the streaming Each
// methods, whose caller (a finder build) restarts after Switch.
//
// The list of datasets (FindDatasets) is read from the database, so that
// it shows an import at once, but answered from its last reading while
// the database is unreachable: it changes only with an import, and the
// sources page is a read that must outlive an outage like the others.
type Serving struct {
	*DB
	data     atomic.Pointer[OpenData]
	datasets atomic.Pointer[[]*careerpath.Dataset] // the last read
}

// Serving returns db serving its current release; ENOTFOUND before the
// first import.
func (db *DB) Serving(ctx context.Context) (*Serving, error) {
	od, err := db.OpenData(ctx)
	if err != nil {
		return nil, err
	}
	s := &Serving{DB: db}
	s.data.Store(od)
	s.FindDatasets(ctx) // the first answer, for an outage before the first visit
	return s, nil
}

// Data returns the reader of the release s serves now.
func (s *Serving) Data() *OpenData { return s.data.Load() }

// Switch moves s to the release that serves now, reporting whether it
// changed.
func (s *Serving) Switch(ctx context.Context) (bool, error) {
	r, err := s.DB.DataRelease(ctx)
	if err != nil {
		return false, err
	}
	if cur := s.data.Load(); cur != nil && cur.release.ID == r.ID {
		return false, nil
	}
	od, err := s.DB.OpenData(ctx)
	if err != nil {
		return false, err
	}
	s.data.Store(od)
	return true, nil
}

// read calls f with the current release, and once more with the new one
// if an import replaced it meanwhile.
func read[T any](ctx context.Context, s *Serving, f func(*OpenData) (T, error)) (T, error) {
	v, err := f(s.data.Load())
	if careerpath.ErrorCode(err) != careerpath.ECONFLICT {
		return v, err
	}
	if _, serr := s.Switch(ctx); serr != nil {
		return v, err
	}
	return f(s.data.Load())
}

// EachCatalogProgram is the DB's: catalogs are operator state.
func (s *Serving) EachCatalogProgram(ctx context.Context, fn func(*careerpath.Program) error) error {
	return s.DB.EachCatalogProgram(ctx, fn)
}

// FindDatasets is the DB's (the release that serves now), or its last
// answer while the database is unreachable (EUNAVAILABLE).
func (s *Serving) FindDatasets(ctx context.Context) ([]*careerpath.Dataset, error) {
	ds, err := s.DB.FindDatasets(ctx)
	if err == nil {
		s.datasets.Store(&ds)
		return ds, nil
	}
	if last := s.datasets.Load(); last != nil && careerpath.ErrorCode(err) == careerpath.EUNAVAILABLE {
		return *last, nil
	}
	return nil, err
}

// SOCCodes reads the current release (OpenData.SOCCodes).
func (s *Serving) SOCCodes(ctx context.Context) (map[string]bool, error) {
	return read(ctx, s, func(od *OpenData) (map[string]bool, error) { return od.SOCCodes(ctx) })
}

// CIPCodes reads the current release (OpenData.CIPCodes).
func (s *Serving) CIPCodes(ctx context.Context) (map[string]bool, error) {
	return read(ctx, s, func(od *OpenData) (map[string]bool, error) { return od.CIPCodes(ctx) })
}

// SurveyTitles reads the current release (OpenData.SurveyTitles).
func (s *Serving) SurveyTitles(ctx context.Context) (map[string]bool, error) {
	return read(ctx, s, func(od *OpenData) (map[string]bool, error) { return od.SurveyTitles(ctx) })
}

// Technologies reads the current release (OpenData.Technologies).
func (s *Serving) Technologies(ctx context.Context, socs []string) (map[string][]string, error) {
	return read(ctx, s, func(od *OpenData) (map[string][]string, error) { return od.Technologies(ctx, socs) })
}

// Crosswalk reads the current release (OpenData.Crosswalk).
func (s *Serving) Crosswalk(ctx context.Context) ([]careerpath.CrosswalkLink, error) {
	return read(ctx, s, func(od *OpenData) ([]careerpath.CrosswalkLink, error) { return od.Crosswalk(ctx) })
}

// CIPTitles reads the current release (OpenData.CIPTitles).
func (s *Serving) CIPTitles(ctx context.Context) (map[string]string, error) {
	return read(ctx, s, func(od *OpenData) (map[string]string, error) { return od.CIPTitles(ctx) })
}

// Ratings reads the current release (OpenData.Ratings).
func (s *Serving) Ratings(ctx context.Context) ([]similar.Rating, error) {
	return read(ctx, s, func(od *OpenData) ([]similar.Rating, error) { return od.Ratings(ctx) })
}

// SalaryRecords reads the current release (OpenData.SalaryRecords).
func (s *Serving) SalaryRecords(ctx context.Context, titles []string) ([]figures.Salary, error) {
	return read(ctx, s, func(od *OpenData) ([]figures.Salary, error) { return od.SalaryRecords(ctx, titles) })
}

// OEWS reads the current release (OpenData.OEWS).
func (s *Serving) OEWS(ctx context.Context, socs []string) ([]figures.OEWS, error) {
	return read(ctx, s, func(od *OpenData) ([]figures.OEWS, error) { return od.OEWS(ctx, socs) })
}

// Projections reads the current release (OpenData.Projections).
func (s *Serving) Projections(ctx context.Context, socs []string) ([]figures.Projection, error) {
	return read(ctx, s, func(od *OpenData) ([]figures.Projection, error) { return od.Projections(ctx, socs) })
}

// TechnologySkills reads the current release (OpenData.TechnologySkills).
func (s *Serving) TechnologySkills(ctx context.Context, socs []string) ([]figures.TechnologySkill, error) {
	return read(ctx, s, func(od *OpenData) ([]figures.TechnologySkill, error) { return od.TechnologySkills(ctx, socs) })
}

// Tasks reads the current release (OpenData.Tasks).
func (s *Serving) Tasks(ctx context.Context, socs []string) ([]figures.Task, error) {
	return read(ctx, s, func(od *OpenData) ([]figures.Task, error) { return od.Tasks(ctx, socs) })
}

// JobZones reads the current release (OpenData.JobZones).
func (s *Serving) JobZones(ctx context.Context, socs []string) ([]figures.JobZone, error) {
	return read(ctx, s, func(od *OpenData) ([]figures.JobZone, error) { return od.JobZones(ctx, socs) })
}

// Descriptions reads the current release (OpenData.Descriptions).
func (s *Serving) Descriptions(ctx context.Context) ([]figures.Description, error) {
	return read(ctx, s, func(od *OpenData) ([]figures.Description, error) { return od.Descriptions(ctx) })
}

// TechnologyPrevalence reads the current release (OpenData.TechnologyPrevalence).
func (s *Serving) TechnologyPrevalence(ctx context.Context) (figures.Prevalence, error) {
	return read(ctx, s, func(od *OpenData) (figures.Prevalence, error) { return od.TechnologyPrevalence(ctx) })
}

// PaybackBaseline reads the current release (OpenData.PaybackBaseline).
func (s *Serving) PaybackBaseline(ctx context.Context) (*careerpath.Stat, error) {
	return read(ctx, s, func(od *OpenData) (*careerpath.Stat, error) { return od.PaybackBaseline(ctx) })
}

// EachZIPCentroid streams the current release (OpenData.EachZIPCentroid).
func (s *Serving) EachZIPCentroid(ctx context.Context, fn func(zip string, pt careerpath.GeoPoint) error) error {
	return s.data.Load().EachZIPCentroid(ctx, fn)
}

// EachInstitution streams the current release (OpenData.EachInstitution).
func (s *Serving) EachInstitution(ctx context.Context, fn func(careerpath.Institution) error) error {
	return s.data.Load().EachInstitution(ctx, fn)
}

// EachProgram streams the current release (OpenData.EachProgram).
func (s *Serving) EachProgram(ctx context.Context, fn func(*careerpath.Program) error) error {
	return s.data.Load().EachProgram(ctx, fn)
}

// CatalogStamp is the DB's catalog stamp and the release that serves now
// (search.CatalogStamper): a new import changes it, so the finder's
// updater rebuilds from the new release (after Switch) even when the
// notification was missed.
func (s *Serving) CatalogStamp(ctx context.Context) (string, error) {
	stamp, err := s.DB.CatalogStamp(ctx)
	if err != nil {
		return "", err
	}
	r, err := s.DB.DataRelease(ctx)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%s:release %d", stamp, r.ID), nil
}
