package web

import (
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	careerpath "github.com/careerpath/careerpath"
)

// The audit log: every admin write (a POST under /admin or
// /api/v1/admin) is recorded after it ran, with who made it, from which
// address, what it acted on and its result. Failed sign-ins are counted
// per address and hour (careerpath.AuditSignInFailed), not one entry per
// attempt.

// auditActions names the audited routes' actions.
var auditActions = map[string]string{
	"POST /admin/login":                           "sign_in",
	"POST /admin/logout":                          "sign_out",
	"POST /admin/models/{version}/promote":        "promote",
	"POST /api/v1/admin/models/{version}/promote": "promote",
	"POST /admin/models/rollback":                 "rollback",
	"POST /api/v1/admin/models/rollback":          "rollback",
	"POST /admin/review/{id}/decision":            "decide",
	"POST /api/v1/admin/review/{id}/decision":     "decide",
	"POST /admin/review/{id}/undo":                "undo_decision",
	"POST /api/v1/admin/review/{id}/undo":         "undo_decision",
	"POST /admin/programs/flag":                   "flag",
	"POST /api/v1/admin/programs/{id}/flag":       "flag",
	"POST /api/v1/admin/catalogs":                 "import_catalog",
	"POST /api/v1/admin/experiments":              "create_experiment",
	"POST /api/v1/admin/experiments/{key}/phases": "new_experiment_phase",
	"POST /api/v1/admin/experiments/{key}/stop":   "stop_experiment",
}

// auditAction returns the action of a route, "" for a route not audited:
// reads, and routes outside the admin area.
func auditAction(pattern string) string {
	if a, ok := auditActions[pattern]; ok {
		return a
	}
	method, path, _ := strings.Cut(pattern, " ")
	if method != http.MethodGet && method != http.MethodHead && (strings.HasPrefix(path, "/admin") || strings.HasPrefix(path, "/api/v1/admin")) {
		return pattern // an admin write added without a name: audited by its route
	}
	return ""
}

// auditInfo is what a handler adds to its audit entry.
type auditInfo struct {
	detail []string
	result string // overrides the result the status gives
}

type auditKey struct{}

// auditNote adds a detail to the request's audit entry, if it has one.
func auditNote(ctx context.Context, format string, args ...any) {
	if info, ok := ctx.Value(auditKey{}).(*auditInfo); ok {
		info.detail = append(info.detail, fmt.Sprintf(format, args...))
	}
}

// auditRefused sets the result of a request whose handler answered a
// refusal itself (a form shown again with its message).
func auditRefused(ctx context.Context, why string) {
	if info, ok := ctx.Value(auditKey{}).(*auditInfo); ok {
		info.result = why
	}
}

// auditWriter keeps the status a handler answered with.
type auditWriter struct {
	http.ResponseWriter
	status int
}

func (w *auditWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *auditWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// audited records the requests of an audited route in the audit log.
func (s *Server) audited(pattern string, h handlerFunc) handlerFunc {
	action := auditAction(pattern)
	if action == "" || s.svc.Audit == nil {
		return h
	}
	return func(w http.ResponseWriter, r *http.Request) error {
		info := &auditInfo{}
		r = r.WithContext(context.WithValue(r.Context(), auditKey{}, info))
		actor := s.auditActor(r) // before the handler: signing out ends the session
		aw := &auditWriter{ResponseWriter: w}
		err := h(aw, r)
		e := &careerpath.AuditEntry{At: time.Now(), Actor: actor, Action: action, Target: auditTarget(r),
			Detail: strings.Join(info.detail, "; "), Address: clientAddr(r), Result: careerpath.AuditOK}
		switch {
		case err != nil && err != errResponded:
			e.Result = careerpath.ErrorCode(err) + ": " + careerpath.ErrorMessage(err)
		case info.result != "":
			e.Result = info.result
		case aw.status >= 400:
			e.Result = fmt.Sprintf("refused: %d %s", aw.status, http.StatusText(aw.status))
		}
		if action == "sign_in" {
			if e.Result == careerpath.AuditOK {
				e.Actor = strings.TrimSpace(r.PostFormValue("name"))
			} else {
				e.Action, e.Actor = careerpath.AuditSignInFailed, ""
			}
		}
		// The entry outlives the request: a client that hangs up must not
		// erase its trace.
		aerr := s.svc.Audit.RecordAudit(context.WithoutCancel(r.Context()), e)
		switch {
		case aerr == nil:
			s.auditFails.OK()
		case careerpath.ErrorCode(err) == careerpath.EUNAVAILABLE && careerpath.ErrorCode(aerr) == careerpath.EUNAVAILABLE:
			// Neither the action nor its entry reached the database: no
			// change to trace, and one line for the outage, not one per
			// attempt.
			s.auditFails.Fail(aerr, "action", e.Action)
		default:
			s.log.Error("audit log: entry not recorded", "action", e.Action, "actor", e.Actor, "result", e.Result, "err", aerr)
		}
		return err
	}
}

// auditActor returns who makes an admin request, as far as it can be
// told before the handler checks it: the signed-in editor, the X-Editor
// of a valid bearer token ("admin" without one), or "" for anyone else.
func (s *Server) auditActor(r *http.Request) string {
	if h := r.Header.Get("Authorization"); h != "" {
		if !s.tokenOK(strings.TrimPrefix(h, "Bearer ")) {
			return ""
		}
		if name := strings.TrimSpace(r.Header.Get("X-Editor")); name != "" {
			return name
		}
		return "admin"
	}
	if _, sess := s.session(r); sess != nil {
		return sess.editor
	}
	return ""
}

// auditTarget says what a request acted on: its path's ids, and the
// program and career of a flag form or the name of a catalog.
func auditTarget(r *http.Request) string {
	var parts []string
	for _, k := range []string{"id", "version", "key"} {
		if v := r.PathValue(k); v != "" {
			parts = append(parts, k+" "+v)
		}
	}
	if r.PostForm != nil {
		for _, k := range []string{"program", "career"} {
			if v := r.PostForm.Get(k); v != "" {
				parts = append(parts, k+" "+v)
			}
		}
	}
	if v := r.URL.Query().Get("name"); v != "" {
		parts = append(parts, "catalog "+v)
	}
	return strings.Join(parts, ", ")
}

// auditFilter reads the audit log's filters from the URL.
func auditFilter(r *http.Request) (careerpath.AuditFilter, error) {
	q := r.URL.Query()
	f := careerpath.AuditFilter{Actor: q.Get("actor"), Action: q.Get("action"), Result: q.Get("result")}
	for _, p := range []struct {
		name string
		t    *time.Time
	}{{"since", &f.Since}, {"until", &f.Until}} {
		v := q.Get(p.name)
		if v == "" {
			continue
		}
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			if t, err = time.Parse("2006-01-02", v); err != nil {
				return f, careerpath.Errorf(careerpath.EINVALID, "Parameter %s: want a date (2026-12-03) or a time (2026-12-03T10:00:00Z), got %q.", p.name, v)
			}
		}
		*p.t = t
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 10000 {
			return f, careerpath.Errorf(careerpath.EINVALID, "Parameter limit: want a number from 1 to 10000, got %q.", v)
		}
		f.Limit = n
	}
	return f, nil
}

func (s *Server) auditService() (careerpath.AuditService, error) {
	if s.svc.Audit == nil {
		return nil, careerpath.Errorf(careerpath.ENOTFOUND, "This server keeps no audit log.")
	}
	return s.svc.Audit, nil
}

// auditJSON serves GET /api/v1/admin/audit?actor=&action=&result=&since=&until=&limit=&format=csv.
func (s *Server) auditJSON(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.requireEditor(w, r); err != nil {
		return err
	}
	as, err := s.auditService()
	if err != nil {
		return err
	}
	f, err := auditFilter(r)
	if err != nil {
		return err
	}
	format := r.URL.Query().Get("format")
	if format != "" && format != "csv" && format != "json" {
		return careerpath.Errorf(careerpath.EINVALID, "Parameter format: want csv or json, got %q.", format)
	}
	entries, err := as.FindAudit(r.Context(), f)
	if err != nil {
		return err
	}
	if format != "csv" {
		return writeJSON(w, http.StatusOK, map[string]any{"entries": entries})
	}
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="careerpath-audit.csv"`)
	cw := safeCSV{csv.NewWriter(w)}
	cw.Write([]string{"id", "at", "last_at", "actor", "action", "target", "detail", "address", "result", "count"})
	for _, e := range entries {
		cw.Write([]string{strconv.FormatInt(e.ID, 10), e.At.Format(time.RFC3339), e.LastAt.Format(time.RFC3339),
			e.Actor, e.Action, e.Target, e.Detail, e.Address, e.Result, strconv.Itoa(e.Count)})
	}
	cw.Flush()
	return cw.Error()
}

// auditPage serves GET /admin/audit: the log with its filters.
func (s *Server) auditPage(w http.ResponseWriter, r *http.Request) error {
	editor, err := s.requireEditor(w, r)
	if err != nil {
		return err
	}
	as, err := s.auditService()
	if err != nil {
		return err
	}
	data := map[string]any{"Title": "Audit log · Admin", "Q": r.URL.Query()}
	f, err := auditFilter(r)
	if err != nil {
		data["Problem"] = careerpath.ErrorMessage(err)
		f = careerpath.AuditFilter{}
	}
	entries, err := as.FindAudit(r.Context(), f)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	q.Set("format", "csv")
	data["Entries"], data["CSV"] = entries, "/api/v1/admin/audit?"+q.Encode()
	return s.renderAdmin(w, r, "admin_audit.html", editor, data)
}
