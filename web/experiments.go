package web

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/experiment"
	"github.com/careerpath/careerpath/experiment/track"
)

// visitorCookie holds the anonymous visitor id experiments assign by: 128
// random bits, nothing about the person.
const visitorCookie = "cp_vid"

type visitorKey struct{}

// withVisitor gives every page view a visitor id, set in a cookie on the
// first view, so that the visitor keeps an experiment's arm on every
// replica and after restarts. Only pages: API clients get no cookie.
func (s *Server) withVisitor(h handlerFunc) handlerFunc {
	if s.svc.Experiments == nil {
		return h
	}
	return func(w http.ResponseWriter, r *http.Request) error {
		if c, err := r.Cookie(visitorCookie); err == nil && validVisitor(c.Value) {
			return h(w, r)
		}
		var b [16]byte
		rand.Read(b[:])
		id := hex.EncodeToString(b[:])
		http.SetCookie(w, &http.Cookie{Name: visitorCookie, Value: id, Path: "/", MaxAge: 365 * 24 * 3600,
			HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil})
		return h(w, r.WithContext(context.WithValue(r.Context(), visitorKey{}, id)))
	}
}

func validVisitor(v string) bool {
	if len(v) != 32 {
		return false
	}
	for i := 0; i < len(v); i++ {
		if c := v[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// visitorID returns the request's visitor id, "" without one.
func visitorID(r *http.Request) string {
	if id, ok := r.Context().Value(visitorKey{}).(string); ok {
		return id
	}
	if c, err := r.Cookie(visitorCookie); err == nil && validVisitor(c.Value) {
		return c.Value
	}
	return ""
}

// assignRanking returns the visitor's arm when an experiment runs, the
// visitor is in it and the finder uses its default sort; the caller logs
// the exposure once the ranking is shown.
func (s *Server) assignRanking(r *http.Request) (a track.Assignment, visitor string, ok bool) {
	if s.svc.Experiments == nil {
		return track.Assignment{}, "", false
	}
	if r.URL.RawQuery != "" {
		if q := r.URL.Query(); q.Has("sort") || q.Has("order") {
			return track.Assignment{}, "", false
		}
	}
	visitor = visitorID(r)
	a, ok = s.svc.Experiments.Assign(visitor)
	return a, visitor, ok
}

// varyByVisitor tells shared caches that the page depends on the visitor
// cookie, so that one visitor's arm is not served to others.
func varyByVisitor(w http.ResponseWriter) { w.Header().Add("Vary", "Cookie") }

// fromFinder reports whether the request was reached from a finder page of
// this site, by its Referer.
func fromFinder(r *http.Request) bool {
	ref := r.Header.Get("Referer")
	if ref == "" {
		return false
	}
	u, err := url.Parse(ref)
	return err == nil && u.Host == r.Host && (strings.HasPrefix(u.Path, "/careers/") || u.Path == "/programs")
}

// logEvent logs an event of the page's visitor from the server, for
// visitors without JavaScript; the tracker counts a click the script also
// sent once.
func (s *Server) logEvent(r *http.Request, kind string, programID int64) {
	if s.svc.Experiments == nil {
		return
	}
	vid := visitorID(r)
	if vid == "" {
		return
	}
	err := s.svc.Experiments.Event(r.Context(), vid, "", kind, programID)
	if err != nil && !errors.Is(err, track.ErrNotExposed) {
		s.log.Warn("experiment event", "kind", kind, "err", err)
	}
}

// maxEventBody bounds an event sent by the page's script.
const maxEventBody = 1 << 10

// eventBody is what finder.js sends with navigator.sendBeacon.
type eventBody struct {
	Experiment string `json:"experiment"`
	Kind       string `json:"kind"`
	ProgramID  int64  `json:"program_id"`
}

// postEvent serves POST /api/v1/events: an event of the visitor (from the
// cookie) for the running experiment. 202 when logged, 204 when the
// visitor is not exposed (pages send events for everyone), 400 naming the
// field that is wrong.
func (s *Server) postEvent(w http.ResponseWriter, r *http.Request) error {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxEventBody+1))
	if err != nil {
		return careerpath.Errorf(careerpath.EINVALID, "body: %v.", err)
	}
	if len(body) > maxEventBody {
		return careerpath.Errorf(careerpath.ETOOLARGE, "body: an event is at most %d bytes.", maxEventBody)
	}
	var ev eventBody
	if err := decodeStrict(body, &ev); err != nil {
		return err
	}
	if s.svc.Experiments == nil {
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
	vid := visitorID(r)
	if vid == "" {
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
	err = s.svc.Experiments.Event(r.Context(), vid, ev.Experiment, ev.Kind, ev.ProgramID)
	if errors.Is(err, track.ErrNotExposed) {
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
	if err != nil {
		return err
	}
	w.WriteHeader(http.StatusAccepted)
	return nil
}

// decodeStrict decodes one JSON object into v, refusing unknown fields,
// with errors that name the field.
func decodeStrict(body []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &te):
			return careerpath.Errorf(careerpath.EINVALID, "%s: want a JSON %s.", te.Field, te.Type.Kind())
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			return careerpath.Errorf(careerpath.EINVALID, "body: %s.", strings.TrimPrefix(err.Error(), "json: "))
		}
		return careerpath.Errorf(careerpath.EINVALID, "body: want a JSON object: %v.", err)
	}
	if dec.More() {
		return careerpath.Errorf(careerpath.EINVALID, "body: want one JSON object.")
	}
	return nil
}

// experimentInput is the body of POST /api/v1/admin/experiments and, Key
// aside, of …/phases.
type experimentInput struct {
	Key         string           `json:"key"`
	Description string           `json:"description"`
	Metric      string           `json:"metric"`
	Arms        []experiment.Arm `json:"arms"`
	Plan        track.PlanInput  `json:"plan"`
}

// experimentJSON is an experiment as the admin API shows it.
type experimentJSON struct {
	*careerpath.Experiment
	Report *experiment.Report `json:"report,omitempty"`
}

// experimentsAdmin checks an admin request of the experiments API and
// returns the editor and the tracker.
func (s *Server) experimentsAdmin(w http.ResponseWriter, r *http.Request) (string, *track.Tracker, error) {
	editor, err := s.requireEditor(w, r)
	if err != nil {
		return "", nil, err
	}
	if s.svc.Experiments == nil {
		return "", nil, careerpath.Errorf(careerpath.ENOTFOUND, "This server runs no experiments.")
	}
	return editor, s.svc.Experiments, nil
}

// listExperiments serves GET /api/v1/admin/experiments.
func (s *Server) listExperiments(w http.ResponseWriter, r *http.Request) error {
	_, t, err := s.experimentsAdmin(w, r)
	if err != nil {
		return err
	}
	es, err := t.Experiments(r.Context())
	if err != nil {
		return err
	}
	if es == nil {
		es = []*careerpath.Experiment{}
	}
	return writeJSON(w, http.StatusOK, map[string]any{"experiments": es})
}

// getExperiment serves GET /api/v1/admin/experiments/{key}: the
// experiment and the report of its current phase.
func (s *Server) getExperiment(w http.ResponseWriter, r *http.Request) error {
	_, t, err := s.experimentsAdmin(w, r)
	if err != nil {
		return err
	}
	e, rep, err := t.Experiment(r.Context(), r.PathValue("key"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, experimentJSON{e, rep})
}

// readExperimentInput reads a JSON body, or the admin page's form: key,
// description, metric, weight_relevance, weight_relevance-outcomes (basis
// points), baseline and mde.
func readExperimentInput(r *http.Request) (experimentInput, error) {
	var in experimentInput
	if isForm(r) {
		r.Body = http.MaxBytesReader(nil, r.Body, 64<<10)
		if err := r.ParseForm(); err != nil {
			return in, careerpath.Errorf(careerpath.EINVALID, "body: %v.", err)
		}
		in.Key, in.Description, in.Metric = strings.TrimSpace(r.PostForm.Get("key")), r.PostForm.Get("description"), r.PostForm.Get("metric")
		for _, name := range careerpath.Rankings() {
			v := strings.TrimSpace(r.PostForm.Get("weight_" + name))
			if v == "" {
				continue
			}
			n, err := strconv.Atoi(v)
			if err != nil {
				return in, careerpath.Errorf(careerpath.EINVALID, "weight_%s: want basis points (0 to 10000), not %q.", name, v)
			}
			in.Arms = append(in.Arms, experiment.Arm{Name: name, Weight: n})
		}
		for _, f := range []struct {
			name string
			v    *float64
		}{{"baseline", &in.Plan.Baseline}, {"mde", &in.Plan.MDE}, {"alpha", &in.Plan.Alpha}} {
			if v := strings.TrimSpace(r.PostForm.Get(f.name)); v != "" {
				x, err := strconv.ParseFloat(v, 64)
				if err != nil {
					return in, careerpath.Errorf(careerpath.EINVALID, "%s: want a number, not %q.", f.name, v)
				}
				*f.v = x
			}
		}
		return in, nil
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 64<<10+1))
	if err != nil {
		return in, careerpath.Errorf(careerpath.EINVALID, "body: %v.", err)
	}
	if len(body) > 64<<10 {
		return in, careerpath.Errorf(careerpath.ETOOLARGE, "body: at most 64 KiB.")
	}
	return in, decodeStrict(body, &in)
}

// isForm reports whether the request came from the admin page's forms,
// which get a redirect back to the page instead of JSON.
func isForm(r *http.Request) bool {
	ct := r.Header.Get("Content-Type")
	return strings.HasPrefix(ct, "application/x-www-form-urlencoded") || strings.HasPrefix(ct, "multipart/form-data")
}

// createExperiment serves POST /api/v1/admin/experiments.
func (s *Server) createExperiment(w http.ResponseWriter, r *http.Request) error {
	editor, t, err := s.experimentsAdmin(w, r)
	if err != nil {
		return err
	}
	in, err := readExperimentInput(r)
	if err != nil {
		return s.experimentFailed(w, r, err)
	}
	e, err := t.Create(r.Context(), in.Key, in.Description, in.Metric, in.Arms, in.Plan, editor)
	if err != nil {
		return s.experimentFailed(w, r, err)
	}
	s.log.Info("experiment created", "experiment", e.Key, "editor", editor, "salt", e.Current().Salt)
	return s.experimentDone(w, r, http.StatusCreated, e, fmt.Sprintf("Experiment %s created; phase 1 runs.", e.Key))
}

// newExperimentPhase serves POST /api/v1/admin/experiments/{key}/phases.
func (s *Server) newExperimentPhase(w http.ResponseWriter, r *http.Request) error {
	editor, t, err := s.experimentsAdmin(w, r)
	if err != nil {
		return err
	}
	in, err := readExperimentInput(r)
	if err != nil {
		return s.experimentFailed(w, r, err)
	}
	e, err := t.NewPhase(r.Context(), r.PathValue("key"), in.Arms, in.Plan)
	if err != nil {
		return s.experimentFailed(w, r, err)
	}
	s.log.Info("experiment phase started", "experiment", e.Key, "phase", e.Current().Number, "editor", editor, "salt", e.Current().Salt)
	return s.experimentDone(w, r, http.StatusCreated, e, fmt.Sprintf("Experiment %s: phase %d runs, with a new salt.", e.Key, e.Current().Number+1))
}

// stopExperiment serves POST /api/v1/admin/experiments/{key}/stop.
func (s *Server) stopExperiment(w http.ResponseWriter, r *http.Request) error {
	editor, t, err := s.experimentsAdmin(w, r)
	if err != nil {
		return err
	}
	e, err := t.Stop(r.Context(), r.PathValue("key"))
	if err != nil {
		return s.experimentFailed(w, r, err)
	}
	s.log.Info("experiment stopped", "experiment", e.Key, "editor", editor)
	return s.experimentDone(w, r, http.StatusOK, e, fmt.Sprintf("Experiment %s stopped: everyone gets the plain ranking.", e.Key))
}

// experimentDone answers a successful change: JSON to an API client, and
// to the admin page's form a redirect back to the page, which shows msg.
func (s *Server) experimentDone(w http.ResponseWriter, r *http.Request, status int, e *careerpath.Experiment, msg string) error {
	if isForm(r) {
		if _, sess := s.session(r); sess != nil {
			s.sessions.setFlash(sess, msg)
		}
		http.Redirect(w, r, "/admin/experiments#"+url.PathEscape(e.Key), http.StatusSeeOther)
		return nil
	}
	return writeJSON(w, status, e)
}

// experimentFailed answers a change that was refused: an API client gets
// the error, and the admin page's form goes back to the page, which says
// what was wrong, rather than to a JSON error.
func (s *Server) experimentFailed(w http.ResponseWriter, r *http.Request, err error) error {
	switch careerpath.ErrorCode(err) {
	case careerpath.EINVALID, careerpath.ECONFLICT, careerpath.ENOTFOUND, careerpath.ETOOLARGE:
	default:
		return err
	}
	_, sess := s.session(r)
	if !isForm(r) || sess == nil {
		return err
	}
	s.sessions.setFlash(sess, "Not done: "+careerpath.ErrorMessage(err))
	http.Redirect(w, r, "/admin/experiments", http.StatusSeeOther)
	return nil
}

// experimentsPage serves /admin/experiments: every experiment with the
// report of its current phase, and the forms to create one, start a new
// phase and stop.
func (s *Server) experimentsPage(w http.ResponseWriter, r *http.Request) error {
	editor, t, err := s.experimentsAdmin(w, r)
	if err != nil {
		return err
	}
	es, err := t.Experiments(r.Context())
	if err != nil {
		return err
	}
	var views []experimentJSON
	for _, e := range es {
		_, rep, err := t.Experiment(r.Context(), e.Key)
		if err != nil {
			return err
		}
		views = append(views, experimentJSON{e, rep})
	}
	return s.renderAdmin(w, r, "admin_experiments.html", editor, map[string]any{
		"Title": "Experiments", "Experiments": views, "Rankings": careerpath.Rankings(), "Metrics": careerpath.EventKinds(),
		"Plan": s.planEstimate(r),
	})
}
