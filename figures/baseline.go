package figures

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/opendata"
)

// BaselineEducation is the typical entry education whose occupations make
// the payback baseline: what people without a college credential earn.
const BaselineEducation = "High school diploma or equivalent"

// PaybackBaseline returns the earnings a program's graduates are compared
// with: the employment-weighted median of the OEWS national median annual
// wages of the detailed occupations whose BLS typical entry education is a
// high school diploma, weighted by their 2024 employment in the BLS
// projections. It is the counterfactual of the U.S. Department of
// Education's earnings premium and FREOPP's program ROI (what similar
// people earn without the credential), national and across all ages.
func PaybackBaseline(ctx context.Context, src Source) (*careerpath.Stat, error) {
	projs, err := src.Projections(ctx, nil)
	if err != nil {
		return nil, err
	}
	wages, err := src.OEWS(ctx, nil)
	if err != nil {
		return nil, err
	}
	median := map[string]Wage{}
	for _, w := range wages {
		if w.Group == "detailed" {
			median[w.SOC] = w.Annual[2]
		}
	}
	type occ struct{ wage, emp float64 }
	var occs []occ
	var total float64
	for _, p := range projs {
		w, ok := median[p.SOC]
		if p.Type != "Line item" || p.Education != BaselineEducation || !ok || !w.Known || p.Emp2024 <= 0 {
			continue
		}
		occs = append(occs, occ{w.Value, p.Emp2024})
		total += p.Emp2024
	}
	if len(occs) == 0 {
		return nil, careerpath.Errorf(careerpath.ENOTFOUND, "payback baseline: no occupation with a known median wage and entry education %q", BaselineEducation)
	}
	slices.SortFunc(occs, func(a, b occ) int { return cmp.Compare(a.wage, b.wage) })
	var value, cum float64
	for _, o := range occs {
		cum += o.emp
		if cum >= total/2 {
			value = o.wage
			break
		}
	}
	meta := map[string]*careerpath.Dataset{}
	ds, err := src.FindDatasets(ctx)
	if err != nil {
		return nil, err
	}
	for _, d := range ds {
		meta[d.ID] = d
	}
	n := len(occs)
	title, asOf := "BLS OEWS May 2024 and Employment Projections 2024–34", "2024-05"
	if m := meta[opendata.DatasetOEWS]; m != nil {
		asOf = m.AsOf
	}
	return &careerpath.Stat{
		Provenance: careerpath.Provenance{Source: opendata.DatasetOEWS, SourceTitle: title, AsOf: asOf, Method: fmt.Sprintf(
			"employment-weighted median of the national median annual wages (OEWS May 2024) of the %d detailed occupations whose typical entry education is a high school diploma or equivalent (BLS Employment Projections 2024–34), weighted by their 2024 employment (%.0f thousand jobs): half of those jobs are in occupations paying this median or less", n, total)},
		Value: value, Unit: careerpath.UnitUSD, N: &n, Derived: true,
	}, nil
}
