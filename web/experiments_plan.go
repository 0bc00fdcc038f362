package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/experiment"
)

// trafficWindow is how far back the experiments page counts traffic.
const trafficWindow = 7 * 24 * time.Hour

// planView is the experiments page's estimate of a phase's sample size
// and duration, for the values of its estimate form.
type planView struct {
	Baseline, MDE, Weight string // as typed
	Estimate              *experiment.Estimate
	Problem               string
	Traffic               int // visitors exposed over trafficWindow; -1 unknown
}

// planEstimate reads the estimate form (baseline, mde, weight: the
// treatment's share in basis points, the control having the rest) and
// estimates with the recent traffic.
func (s *Server) planEstimate(r *http.Request) planView {
	q := r.URL.Query()
	v := planView{Baseline: q.Get("baseline"), MDE: q.Get("mde"), Weight: q.Get("weight"), Traffic: -1}
	if s.svc.ExperimentUnits != nil {
		if n, err := s.svc.ExperimentUnits(r.Context(), time.Now().Add(-trafficWindow)); err == nil {
			v.Traffic = n
		} else {
			s.log.Warn("experiments page: read traffic", "err", err)
		}
	}
	if v.Baseline == "" && v.MDE == "" && v.Weight == "" {
		return v
	}
	num := func(name, s string, def float64) float64 {
		if s = strings.TrimSpace(s); s == "" {
			return def
		}
		x, err := strconv.ParseFloat(s, 64)
		if err != nil && v.Problem == "" {
			v.Problem = careerpath.ErrorMessage(careerpath.Errorf(careerpath.EINVALID, "%s: want a number, not %q.", name, s))
		}
		return x
	}
	baseline, mde := num("Baseline rate", v.Baseline, 0.10), num("Minimum detectable effect", v.MDE, 0.02)
	w := int(num("Treatment weight", v.Weight, 5000))
	if v.Problem != "" {
		return v
	}
	perDay := 0.0
	if v.Traffic > 0 {
		perDay = float64(v.Traffic) / (trafficWindow.Hours() / 24)
	}
	e, err := experiment.EstimatePhase(baseline, mde, []int{10000 - w, w}, perDay)
	if err != nil {
		v.Problem = strings.TrimPrefix(err.Error(), "experiment: ") + "."
		return v
	}
	v.Estimate = &e
	return v
}
