package importer

import (
	"context"
	"fmt"
	"io"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/opendata"
	"github.com/careerpath/careerpath/opendata/tables"
)

func (im *run) parseGradTuition(ctx context.Context, res *Result) (err error) {
	im.parsed.gradTuition, err = parse(im, opendata.DatasetGradTuition, "ipeds/ic2022_ay.csv.gz", opendata.ParseGraduateTuition)
	res.Read = len(im.parsed.gradTuition)
	return err
}

// addGraduateTuition sets the graduate tuition of the institutions that
// report one; a row of an institution not in the directory is rejected,
// and one without any graduate figure (an institution with no graduate
// students) is read but not stored.
func addGraduateTuition(insts []careerpath.Institution, rows []opendata.GraduateTuition, res *Result) {
	byID := map[int]*careerpath.Institution{}
	for i := range insts {
		byID[insts[i].UnitID] = &insts[i]
	}
	for _, r := range rows {
		in, ok := byID[r.UnitID]
		switch {
		case !ok:
			res.reject("institution not in the IPEDS 2024 directory")
		case r.InState == nil && r.OutOfState == nil:
			res.reject("no graduate tuition reported (not applicable or not reported)")
		default:
			in.GradTuitionInState, in.GradTuitionOutOfState = r.InState, r.OutOfState
			res.Stored++
		}
	}
}

// loadZIPCentroids stores the ZIP gazetteer. Rows with swapped
// coordinates are rejected and counted, with their lines in the reason
// (the first ten), never repaired.
func (im *run) loadZIPCentroids(ctx context.Context, res *Result) error {
	var rejected []opendata.RejectedRow
	rows, err := parse(im, opendata.DatasetZIP, "zip-centroids/us_zip_centroids.csv.gz", func(src opendata.Source, r io.Reader) ([]opendata.ZIPCentroid, error) {
		rows, rej, err := opendata.ParseZIPCentroids(src, r)
		rejected = rej
		return rows, err
	})
	if err != nil {
		return err
	}
	res.Read, res.Stored = len(rows)+len(rejected), len(rows)
	if len(rejected) > 0 {
		lines := ""
		for i, r := range rejected {
			if i == 10 {
				lines += ", …"
				break
			}
			if i > 0 {
				lines += ", "
			}
			lines += fmt.Sprintf("%d (%s)", r.Line, r.Key)
		}
		res.Rejections = append(res.Rejections, careerpath.Rejection{
			Reason: fmt.Sprintf("%s; lines %s of %s", opendata.ReasonSwappedCoordinates, lines, "zip-centroids/us_zip_centroids.csv.gz"),
			Rows:   len(rejected)})
	}
	return im.b.Load(ctx, tables.ZIPCentroids(rows))
}
