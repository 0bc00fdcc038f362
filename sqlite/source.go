package sqlite

// The rows the in-memory index of package search is built from: every
// institution, program and ZIP code, and the payback baseline.

import (
	"context"
	"fmt"
	"strings"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/figures"
)

// EachZIPCentroid calls fn with every ZIP code of the gazetteer, in ZIP
// order.
func (db *DB) EachZIPCentroid(ctx context.Context, fn func(zip string, pt careerpath.GeoPoint) error) error {
	rows, err := db.read.QueryContext(ctx, `SELECT zip, lat, lon FROM zip_centroids ORDER BY zip`)
	if err != nil {
		return fmt.Errorf("read zip centroids: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var z string
		var pt careerpath.GeoPoint
		if err := rows.Scan(&z, &pt.Lat, &pt.Lon); err != nil {
			return fmt.Errorf("read zip centroids: %w", err)
		}
		if err := fn(z, pt); err != nil {
			return err
		}
	}
	return rows.Err()
}

// PaybackBaseline returns the earnings payback compares with
// (figures.PaybackBaseline over the stored OEWS and projections).
func (db *DB) PaybackBaseline(ctx context.Context) (*careerpath.Stat, error) {
	return figures.PaybackBaseline(ctx, db)
}

// EachInstitution calls fn with every institution, in UNITID order.
func (db *DB) EachInstitution(ctx context.Context, fn func(careerpath.Institution) error) error {
	rows, err := db.read.QueryContext(ctx, `SELECT unitid, name, city, state, zip, web, control, latitude, longitude,
		tuition_in_state, tuition_out_of_state, total_enrollment, distance_enrollment, online_share,
		grad_tuition_in_state, grad_tuition_out_of_state, aliases FROM institutions ORDER BY unitid`)
	if err != nil {
		return fmt.Errorf("read institutions: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var in careerpath.Institution
		var aliases string
		if err := rows.Scan(&in.UnitID, &in.Name, &in.City, &in.State, &in.ZIP, &in.Web, &in.Control, &in.Latitude, &in.Longitude,
			&in.TuitionInState, &in.TuitionOutOfState, &in.Enrollment, &in.DistanceEnrollment, &in.OnlineShare,
			&in.GradTuitionInState, &in.GradTuitionOutOfState, &aliases); err != nil {
			return fmt.Errorf("read institutions: %w", err)
		}
		if aliases != "" {
			in.Aliases = strings.Split(aliases, "|")
		}
		in.Country = "US"
		if in.TuitionInState != nil || in.TuitionOutOfState != nil {
			in.TuitionYear = "2023-24"
		}
		if err := fn(in); err != nil {
			return err
		}
	}
	return rows.Err()
}

// EachProgram calls fn with every program, in ID order; of Institution
// only UnitID is set, and CompletersTrend is left out.
func (db *DB) EachProgram(ctx context.Context, fn func(*careerpath.Program) error) error {
	rows, err := db.read.QueryContext(ctx, `SELECT id, unitid, cip, award, name, completers, earnings_1yr, earnings_4yr, mean_debt, source
		FROM programs ORDER BY id`)
	if err != nil {
		return fmt.Errorf("read programs: %w", err)
	}
	defer rows.Close()
	var p careerpath.Program
	for rows.Next() {
		p = careerpath.Program{}
		var award int
		if err := rows.Scan(&p.ID, &p.Institution.UnitID, &p.CIP, &award, &p.Name, &p.Completers, &p.Earnings1Yr, &p.Earnings4Yr, &p.MeanDebt, &p.Source); err != nil {
			return fmt.Errorf("read programs: %w", err)
		}
		p.Award, _ = careerpath.FindAwardLevel(award)
		if err := fn(&p); err != nil {
			return err
		}
	}
	return rows.Err()
}
