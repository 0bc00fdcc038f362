package web

import (
	"context"
	"net/http"
	"strconv"

	careerpath "github.com/careerpath/careerpath"
)

// reviewItemView is a review item with what an editor judges it by: the
// career's title, what the finder shows for the program today, whether a
// field of study was predicted, and how many decided items share its
// field of study.
type reviewItemView struct {
	*careerpath.ReviewItem
	CareerTitle string
	// Current is the program as the finder has it for the career now,
	// nil for an entry not in the finder (held) or a finder that is
	// starting.
	Current *careerpath.ProgramMatch
	// Predicted says that the classifier chose the field of study
	// (a held entry, a catalog program with a predicted code): only then
	// is its probability shown.
	Predicted bool
	Similar   int // decided items with the same field of study
}

// reviewQuery is the queue's filters and order, from the page's URL.
type reviewQuery struct {
	Kind, Career, CIP, Sort string
}

func parseReviewQuery(r *http.Request) reviewQuery {
	q := r.URL.Query()
	return reviewQuery{Kind: q.Get("kind"), Career: q.Get("career"), CIP: q.Get("cip"), Sort: q.Get("sort")}
}

// reviewViews returns the views of items.
func (s *Server) reviewViews(ctx context.Context, rs careerpath.ReviewService, items []*careerpath.ReviewItem, titles map[string]string) ([]reviewItemView, error) {
	similar := map[string]int{}
	out := make([]reviewItemView, len(items))
	for i, it := range items {
		v := reviewItemView{ReviewItem: it, CareerTitle: titles[it.Career], Predicted: it.Kind == careerpath.ReviewHeld}
		if id, err := strconv.ParseInt(it.ProgramID, 10, 64); err == nil && it.Career != "" {
			if m, err := s.svc.Programs.FindProgram(ctx, id, it.Career); err == nil {
				v.Current = m
				v.Predicted = m.CIPSource == careerpath.CIPSourceModel
			} else if c := careerpath.ErrorCode(err); c != careerpath.ENOTFOUND && c != careerpath.EUNAVAILABLE {
				return nil, err
			}
		}
		if it.CIP != "" {
			n, ok := similar[it.CIP]
			if !ok {
				decided, err := rs.FindReviewItems(ctx, careerpath.ReviewFilter{Status: careerpath.ReviewDecided, CIP: it.CIP, Limit: 1000})
				if err != nil {
					return nil, err
				}
				n = len(decided)
				similar[it.CIP] = n
			}
			v.Similar = n
		}
		out[i] = v
	}
	return out, nil
}
