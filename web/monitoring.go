package web

import (
	"net/http"
	"sort"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/monitor"
)

// monitoringView is what GET /api/v1/admin/monitoring returns and
// /admin/monitoring shows.
type monitoringView struct {
	Monitoring *monitor.Snapshot `json:"monitoring"`
	// Classified counts the entries classified through the API since
	// the start, by model version and relevance level.
	Classified []classifiedCount     `json:"classified"`
	Catalogs   []*careerpath.Catalog `json:"catalogs"` // with their drift summaries, newest first
	// Leader is who runs the singleton jobs (retrain, guard), if known.
	Leader *careerpath.Leadership `json:"leader,omitempty"`
	// Guard is the rollback guard's watch of a new champion, on the
	// figures of every replica, if one is watched.
	Guard *careerpath.GuardWatch `json:"guard,omitempty"`
}

type classifiedCount struct {
	Model   string `json:"model"`
	Strong  uint64 `json:"strong"`
	Related uint64 `json:"related"`
	None    uint64 `json:"none"`
}

func (s *Server) monitoringData(r *http.Request) (*monitoringView, error) {
	v := &monitoringView{Monitoring: s.svc.Monitor.Snapshot(), Classified: s.classifiedCounts(), Catalogs: []*careerpath.Catalog{}}
	if s.svc.Catalogs != nil {
		cats, err := s.svc.Catalogs.Catalogs(r.Context())
		if err != nil {
			return nil, err
		}
		v.Catalogs = cats
	}
	if s.svc.Leader != nil {
		l := s.svc.Leader()
		v.Leader = &l
	}
	if s.svc.GuardWatch != nil {
		w, err := s.svc.GuardWatch(r.Context())
		if err != nil {
			return nil, err
		}
		v.Guard = w
	}
	return v, nil
}

// classifiedCounts reads careerpath_classified_entries_total back from
// the registry: the counter is the one source of these numbers.
func (s *Server) classifiedCounts() []classifiedCount {
	fams, err := s.metrics.reg.Gather()
	if err != nil {
		s.log.Warn("gather metrics", "err", err)
	}
	by := map[string]*classifiedCount{}
	for _, f := range fams {
		if f.GetName() != "careerpath_classified_entries_total" {
			continue
		}
		for _, mt := range f.GetMetric() {
			var model, level string
			for _, l := range mt.GetLabel() {
				switch l.GetName() {
				case "model":
					model = l.GetValue()
				case "relevance":
					level = l.GetValue()
				}
			}
			c := by[model]
			if c == nil {
				c = &classifiedCount{Model: model}
				by[model] = c
			}
			n := uint64(mt.GetCounter().GetValue())
			switch level {
			case careerpath.RelevanceStrong:
				c.Strong += n
			case careerpath.RelevanceRelated:
				c.Related += n
			default:
				c.None += n
			}
		}
	}
	out := []classifiedCount{}
	for _, c := range by {
		out = append(out, *c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Model > out[j].Model })
	return out
}

// monitoringJSON serves GET /api/v1/admin/monitoring (admin token).
func (s *Server) monitoringJSON(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.requireEditor(w, r); err != nil {
		return err
	}
	v, err := s.monitoringData(r)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	return writeJSON(w, http.StatusOK, v)
}

// monitoringPage serves /admin/monitoring: latency percentiles, classified
// counts, drift per model version and feature as SVG charts with their
// numbers in tables, and the drift of imported catalogs.
func (s *Server) monitoringPage(w http.ResponseWriter, r *http.Request) error {
	editor, err := s.requireEditor(w, r)
	if err != nil {
		return err
	}
	v, err := s.monitoringData(r)
	if err != nil {
		return err
	}
	return s.renderAdmin(w, r, "admin_monitoring.html", editor, map[string]any{
		"Title": "Monitoring", "View": v, "Charts": driftCharts(v.Monitoring),
	})
}
