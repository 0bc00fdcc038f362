package relevance

import (
	"context"
	"errors"
	"slices"

	careerpath "github.com/careerpath/careerpath"
)

// Source is what a rule is read from: the CIP–SOC crosswalk and the
// titles of CIP codes of the imported open data.
type Source interface {
	Crosswalk(ctx context.Context) ([]careerpath.CrosswalkLink, error)
	CIPTitles(ctx context.Context) (map[string]string, error)
}

// ErrNotImported is LoadImported's error for a source without CIP codes.
var ErrNotImported = errors.New("the database holds no CIP codes: run \"careerpath import\" first")

// Load builds the rule of the careers over src's crosswalk and CIP
// titles, the one the program finder and the classifier read their
// answers with. The crosswalk's "no match" rows (180 occupations) name no
// field of study: they link nothing, and must not make a program without
// a CIP code strong.
func Load(ctx context.Context, src Source, careers []*careerpath.Career) (*Rule, error) {
	crosswalk, err := src.Crosswalk(ctx)
	if err != nil {
		return nil, err
	}
	titles, err := src.CIPTitles(ctx)
	if err != nil {
		return nil, err
	}
	crosswalk = slices.DeleteFunc(crosswalk, func(l careerpath.CrosswalkLink) bool { return l.CIP == "" })
	return New(careers, crosswalk, titles), nil
}

// LoadImported is Load for the commands that need the open data: a
// source without CIP codes is ErrNotImported, which says what to do.
func LoadImported(ctx context.Context, src Source, careers []*careerpath.Career) (*Rule, error) {
	titles, err := src.CIPTitles(ctx)
	if err != nil {
		return nil, err
	}
	if len(titles) == 0 {
		return nil, ErrNotImported
	}
	return Load(ctx, src, careers)
}
