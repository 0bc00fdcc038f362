package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"

	careerpath "github.com/careerpath/careerpath"
)

// The admin overview, the review queue and the model registry: pages
// under /admin and the same data as JSON under /api/v1/admin. Pages and
// API share one function per action; they differ only in how they read
// the request and answer.

// reviewService returns the review queue, or ENOTFOUND when the server
// has none.
func (s *Server) reviewService() (careerpath.ReviewService, error) {
	if s.svc.Review == nil {
		return nil, careerpath.Errorf(careerpath.ENOTFOUND, "This server has no review queue.")
	}
	return s.svc.Review, nil
}

func (s *Server) modelRegistry() (careerpath.ModelRegistry, error) {
	if s.svc.Models == nil {
		return nil, careerpath.Errorf(careerpath.ENOTFOUND, "This server has no model registry.")
	}
	return s.svc.Models, nil
}

// checkCareer makes an unknown career slug an EINVALID error; "" passes.
func (s *Server) checkCareer(ctx context.Context, slug string) error {
	if slug == "" {
		return nil
	}
	if _, err := s.svc.Guides.FindGuide(ctx, slug); careerpath.ErrorCode(err) == careerpath.ENOTFOUND {
		return careerpath.Errorf(careerpath.EINVALID, "Career %q is not one of the site's careers.", slug)
	} else if err != nil {
		return err
	}
	return nil
}

// decide stores an editor's decision, then asks the finder to take in a
// catalog entry whose field of study it set.
func (s *Server) decide(ctx context.Context, id int64, d careerpath.Decision) (*careerpath.Label, error) {
	rs, err := s.reviewService()
	if err != nil {
		return nil, err
	}
	if err := s.checkCareer(ctx, d.Career); err != nil {
		return nil, err
	}
	label, err := rs.Decide(ctx, id, d)
	if err != nil {
		return nil, err
	}
	s.log.Info("review item decided", "item", id, "editor", d.Editor, "cip", label.CIP, "career", label.Career, "relevance", label.Relevance)
	auditNote(ctx, "label %d: field of study %q, relevance %q for %q", label.ID, label.CIP, label.Relevance, label.Career)
	if label.CIP != "" && s.svc.CatalogImported != nil {
		if it, err := rs.FindReviewItem(ctx, id); err == nil && it.CatalogEntryID != 0 {
			s.svc.CatalogImported(ctx, nil)
		}
	}
	s.overridesChanged(ctx)
	return label, nil
}

func (s *Server) flag(ctx context.Context, programID, career, reason, editor string) (*careerpath.ReviewItem, error) {
	rs, err := s.reviewService()
	if err != nil {
		return nil, err
	}
	if career == "" {
		return nil, careerpath.Errorf(careerpath.EINVALID, "A flag needs the career the program is wrongly matched for.")
	}
	if err := s.checkCareer(ctx, career); err != nil {
		return nil, err
	}
	it, err := rs.FlagProgram(ctx, programID, career, reason, editor)
	if err == nil {
		s.log.Info("program flagged for review", "program", programID, "career", career, "editor", editor, "item", it.ID)
		auditNote(ctx, "item %d", it.ID)
	}
	return it, err
}

// promote points an alias (champion by default) at a version.
func (s *Server) promote(ctx context.Context, version, alias, reason, editor string) (*careerpath.ModelEvent, error) {
	reg, err := s.modelRegistry()
	if err != nil {
		return nil, err
	}
	switch alias {
	case "":
		alias = careerpath.AliasChampion
	case careerpath.AliasChampion, careerpath.AliasChallenger:
	default:
		return nil, careerpath.Errorf(careerpath.EINVALID, "Alias %q: want champion or challenger.", alias)
	}
	if reason = strings.TrimSpace(reason); reason == "" {
		reason = "promoted by an editor in the admin"
	}
	e, err := reg.SetAlias(ctx, alias, version, editor, reason, nil)
	if err == nil {
		s.log.Info("model alias moved", "alias", alias, "from", e.From, "to", e.To, "editor", editor)
	}
	return e, err
}

func (s *Server) rollback(ctx context.Context, reason, editor string) (*careerpath.ModelEvent, error) {
	reg, err := s.modelRegistry()
	if err != nil {
		return nil, err
	}
	if reason = strings.TrimSpace(reason); reason == "" {
		reason = "rolled back by an editor in the admin"
	}
	e, err := reg.Rollback(ctx, editor, reason)
	if err == nil {
		s.log.Info("champion rolled back", "from", e.From, "to", e.To, "editor", editor)
	}
	return e, err
}

func reviewID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, careerpath.Errorf(careerpath.EINVALID, "Review item id %q: want a positive number.", r.PathValue("id"))
	}
	return id, nil
}

// readJSON decodes a bounded JSON body into v; an empty body leaves v as
// it is.
func readJSON(w http.ResponseWriter, r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxAdminForm))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil && !errors.Is(err, io.EOF) {
		var maxErr *http.MaxBytesError
		if errors.As(err, &maxErr) {
			return careerpath.Errorf(careerpath.ETOOLARGE, "The request body is larger than %d KiB.", maxAdminForm>>10)
		}
		return careerpath.Errorf(careerpath.EINVALID, "The request body is not the JSON expected: %v.", err)
	}
	return nil
}

// --- pages ---

// adminPage serves GET /admin: model versions, the registry's log and
// the sections.
func (s *Server) adminPage(w http.ResponseWriter, r *http.Request) error {
	editor, err := s.requireEditor(w, r)
	if err != nil {
		return err
	}
	data := map[string]any{"Title": "Admin"}
	if reg := s.svc.Models; reg != nil {
		versions, err := reg.FindModelVersions(r.Context())
		if err != nil {
			return err
		}
		events, err := reg.FindModelEvents(r.Context())
		if err != nil {
			return err
		}
		// Newest first, as a log is read.
		sort.SliceStable(events, func(i, j int) bool { return events[i].ID > events[j].ID })
		if len(events) > 100 {
			data["MoreEvents"] = len(events) - 100
			events = events[:100]
		}
		rows := make([]map[string]any, len(versions))
		for i, v := range versions {
			rows[i] = map[string]any{"V": v, "Metrics": metricList(v.Metrics)}
		}
		data["Models"], data["Events"], data["HasRegistry"] = rows, events, true
	}
	if rs := s.svc.Review; rs != nil {
		open, err := rs.FindReviewItems(r.Context(), careerpath.ReviewFilter{Status: careerpath.ReviewOpen, Limit: 1000})
		if err != nil {
			return err
		}
		data["OpenItems"], data["HasReview"] = len(open), true
	}
	return s.renderAdmin(w, r, "admin.html", editor, data)
}

// metric is one figure of a model version's metrics, for the overview.
type metric struct {
	Name  string
	Value string
}

// metricList returns the top-level scalar figures of a version's
// metrics, sorted by name; nested ones (per-class, training details) are
// in the JSON API.
func metricList(raw json.RawMessage) []metric {
	var m map[string]any
	if json.Unmarshal(raw, &m) != nil {
		return nil
	}
	var out []metric
	for k, v := range m {
		switch v := v.(type) {
		case float64:
			out = append(out, metric{k, strconv.FormatFloat(v, 'g', 4, 64)})
		case string:
			out = append(out, metric{k, v})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// reviewPage serves GET /admin/review: the open items with a decision
// form each, the latest decided ones, and a form to flag a program.
func (s *Server) reviewPage(w http.ResponseWriter, r *http.Request) error {
	editor, err := s.requireEditor(w, r)
	if err != nil {
		return err
	}
	data, err := s.reviewData(r)
	if err != nil {
		return err
	}
	return s.renderAdmin(w, r, "admin_review.html", editor, data)
}

// reviewData is what the review page shows.
func (s *Server) reviewData(r *http.Request) (map[string]any, error) {
	rs, err := s.reviewService()
	if err != nil {
		return nil, err
	}
	ctx := r.Context()
	rq := parseReviewQuery(r)
	open, err := rs.FindReviewItems(ctx, careerpath.ReviewFilter{Status: careerpath.ReviewOpen, Kind: rq.Kind, Career: rq.Career, CIP: rq.CIP, Sort: rq.Sort})
	if err != nil {
		return nil, err
	}
	decidedSort := rq.Sort
	if decidedSort == "" {
		decidedSort = careerpath.ReviewNewest
	}
	decided, err := rs.FindReviewItems(ctx, careerpath.ReviewFilter{Status: careerpath.ReviewDecided, Kind: rq.Kind, Career: rq.Career, CIP: rq.CIP,
		Sort: decidedSort, Limit: 50})
	if err != nil {
		return nil, err
	}
	guides, err := s.svc.Guides.FindGuides(ctx, "")
	if err != nil {
		return nil, err
	}
	careers := make([]*careerpath.Career, len(guides))
	titles := map[string]string{}
	for i, g := range guides {
		careers[i] = g.Career
		titles[g.Slug] = g.Title
	}
	codes, err := s.cipOptions(ctx)
	if err != nil {
		return nil, err
	}
	openViews, err := s.reviewViews(ctx, rs, open, titles)
	if err != nil {
		return nil, err
	}
	return map[string]any{
		"Title": "Review queue · Admin", "Open": openViews, "Decided": decided, "Careers": careers, "CareerTitles": titles, "CIPCodes": codes,
		"Flag": flagInput{}, "Query": rq,
	}, nil
}

// cipOption is a CIP code offered in the decision forms.
type cipOption struct{ Code, Title string }

// cipTitler is implemented by a review store that can also name the CIP
// codes (package sqlite's DB), for the decision forms' list of codes.
type cipTitler interface {
	CIPTitles(ctx context.Context) (map[string]string, error)
}

// cipOptions returns the 6-digit CIP codes an editor may choose, with
// their titles: those in use when the catalog service knows them.
func (s *Server) cipOptions(ctx context.Context) ([]cipOption, error) {
	t, ok := s.svc.Review.(cipTitler)
	if !ok {
		return nil, nil
	}
	titles, err := t.CIPTitles(ctx)
	if err != nil {
		return nil, err
	}
	var inUse map[string]bool
	if s.svc.Catalogs != nil {
		if inUse, err = s.svc.Catalogs.ProgramCIPCodes(ctx); err != nil {
			return nil, err
		}
	}
	var out []cipOption
	for code, title := range titles {
		if len(code) == 7 && (inUse == nil || inUse[code]) {
			out = append(out, cipOption{code, strings.TrimSuffix(title, ".")})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out, nil
}

// formAction runs an admin form's action for the editor (CSRF checked
// by requireEditor) and sends the browser back to page, which shows the
// action's message.
func (s *Server) formAction(w http.ResponseWriter, r *http.Request, page string, act func(editor string) (string, error)) error {
	editor, err := s.requireEditor(w, r)
	if err != nil {
		return err
	}
	msg, err := act(editor)
	if err != nil {
		return err
	}
	if _, sess := s.session(r); sess != nil {
		s.sessions.setFlash(sess, msg)
	}
	http.Redirect(w, r, page, http.StatusSeeOther)
	return nil
}

// decideForm serves POST /admin/review/{id}/decision.
func (s *Server) decideForm(w http.ResponseWriter, r *http.Request) error {
	return s.formAction(w, r, "/admin/review", func(editor string) (string, error) {
		id, err := reviewID(r)
		if err != nil {
			return "", err
		}
		cip := strings.TrimSpace(r.PostFormValue("cip"))
		if f := strings.Fields(cip); len(f) > 0 {
			cip = f[0] // "11.0701 Computer Science" as some browsers fill a datalist
		}
		d := careerpath.Decision{CIP: cip, Career: r.PostFormValue("career"), Relevance: r.PostFormValue("relevance"),
			Editor: editor, Note: r.PostFormValue("note")}
		if set := r.PostFormValue("set"); set != "" { // one of the form's quick buttons
			d.Relevance = set
		}
		l, err := s.decide(r.Context(), id, d)
		if err != nil {
			return "", err
		}
		return decidedMessage(id, l), nil
	})
}

// flagForm serves POST /admin/programs/flag (the program id in a field),
// from the review page, a program's page or a finder card; it returns to
// the page given in the field "back" when that is a finder or program
// page (flagBack), and a refused flag comes back on its form
// (flagRefused).
func (s *Server) flagForm(w http.ResponseWriter, r *http.Request) error {
	editor, err := s.requireEditor(w, r)
	if err != nil {
		return err
	}
	in := flagInput{Program: r.PostFormValue("program"), Career: r.PostFormValue("career"), Reason: r.PostFormValue("reason"),
		Back: flagBack(r.PostFormValue("back"))}
	it, err := s.flag(r.Context(), in.Program, in.Career, in.Reason, editor)
	if err != nil {
		return s.flagRefused(w, r, editor, in, err)
	}
	if _, sess := s.session(r); sess != nil {
		s.sessions.setFlash(sess, flaggedMessage(it))
	}
	http.Redirect(w, r, in.Back, http.StatusSeeOther)
	return nil
}

// promoteForm serves POST /admin/models/{version}/promote.
func (s *Server) promoteForm(w http.ResponseWriter, r *http.Request) error {
	return s.formAction(w, r, "/admin", func(editor string) (string, error) {
		e, err := s.promote(r.Context(), r.PathValue("version"), r.PostFormValue("alias"), r.PostFormValue("reason"), editor)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("%s now points to %s.", e.Alias, e.To), nil
	})
}

// rollbackForm serves POST /admin/models/rollback.
func (s *Server) rollbackForm(w http.ResponseWriter, r *http.Request) error {
	return s.formAction(w, r, "/admin", func(editor string) (string, error) {
		e, err := s.rollback(r.Context(), r.PostFormValue("reason"), editor)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("The champion went back from %s to %s.", e.From, e.To), nil
	})
}

// --- JSON ---

// apiAction answers an admin API call: it checks the editor, decodes
// the JSON body into body (unless nil), and writes what act returns with
// status.
func (s *Server) apiAction(w http.ResponseWriter, r *http.Request, status int, body any, act func(editor string) (any, error)) error {
	editor, err := s.requireEditor(w, r)
	if err != nil {
		return err
	}
	if body != nil {
		if err := readJSON(w, r, body); err != nil {
			return err
		}
	}
	v, err := act(editor)
	if err != nil {
		return err
	}
	return writeJSON(w, status, v)
}

// modelsJSON serves GET /api/v1/admin/models.
func (s *Server) modelsJSON(w http.ResponseWriter, r *http.Request) error {
	return s.apiAction(w, r, http.StatusOK, nil, func(string) (any, error) {
		reg, err := s.modelRegistry()
		if err != nil {
			return nil, err
		}
		vs, err := reg.FindModelVersions(r.Context())
		if vs == nil {
			vs = []*careerpath.ModelVersion{}
		}
		return map[string]any{"models": vs}, err
	})
}

// modelEventsJSON serves GET /api/v1/admin/models/events, oldest first.
func (s *Server) modelEventsJSON(w http.ResponseWriter, r *http.Request) error {
	return s.apiAction(w, r, http.StatusOK, nil, func(string) (any, error) {
		reg, err := s.modelRegistry()
		if err != nil {
			return nil, err
		}
		es, err := reg.FindModelEvents(r.Context())
		if es == nil {
			es = []*careerpath.ModelEvent{}
		}
		return map[string]any{"events": es}, err
	})
}

// promoteJSON serves POST /api/v1/admin/models/{version}/promote with an
// optional body {"alias": "champion", "reason": "…"}.
func (s *Server) promoteJSON(w http.ResponseWriter, r *http.Request) error {
	var body struct{ Alias, Reason string }
	return s.apiAction(w, r, http.StatusOK, &body, func(editor string) (any, error) {
		return s.promote(r.Context(), r.PathValue("version"), body.Alias, body.Reason, editor)
	})
}

// rollbackJSON serves POST /api/v1/admin/models/rollback with an
// optional body {"reason": "…"}.
func (s *Server) rollbackJSON(w http.ResponseWriter, r *http.Request) error {
	var body struct{ Reason string }
	return s.apiAction(w, r, http.StatusOK, &body, func(editor string) (any, error) {
		return s.rollback(r.Context(), body.Reason, editor)
	})
}

// reviewJSON serves GET /api/v1/admin/review?status=&kind=&limit=.
func (s *Server) reviewJSON(w http.ResponseWriter, r *http.Request) error {
	return s.apiAction(w, r, http.StatusOK, nil, func(string) (any, error) {
		rs, err := s.reviewService()
		if err != nil {
			return nil, err
		}
		q := r.URL.Query()
		f := careerpath.ReviewFilter{Status: q.Get("status"), Kind: q.Get("kind"), Career: q.Get("career"), CIP: q.Get("cip"), Sort: q.Get("sort")}
		if v := q.Get("limit"); v != "" {
			if f.Limit, err = strconv.Atoi(v); err != nil || f.Limit <= 0 {
				return nil, careerpath.Errorf(careerpath.EINVALID, "Parameter limit: want a number from 1 to 1000.")
			}
		}
		items, err := rs.FindReviewItems(r.Context(), f)
		return map[string]any{"items": items}, err
	})
}

// decisionJSON serves POST /api/v1/admin/review/{id}/decision with a
// careerpath.Decision; the editor is the caller, whatever the body says.
func (s *Server) decisionJSON(w http.ResponseWriter, r *http.Request) error {
	var d careerpath.Decision
	return s.apiAction(w, r, http.StatusCreated, &d, func(editor string) (any, error) {
		id, err := reviewID(r)
		if err != nil {
			return nil, err
		}
		d.Editor = editor
		return s.decide(r.Context(), id, d)
	})
}

// flagJSON serves POST /api/v1/admin/programs/{id}/flag with
// {"career": "…", "reason": "…"}.
func (s *Server) flagJSON(w http.ResponseWriter, r *http.Request) error {
	var body struct{ Career, Reason string }
	return s.apiAction(w, r, http.StatusCreated, &body, func(editor string) (any, error) {
		return s.flag(r.Context(), r.PathValue("id"), body.Career, body.Reason, editor)
	})
}

// labelsJSON serves GET /api/v1/admin/labels, oldest first.
func (s *Server) labelsJSON(w http.ResponseWriter, r *http.Request) error {
	return s.apiAction(w, r, http.StatusOK, nil, func(string) (any, error) {
		rs, err := s.reviewService()
		if err != nil {
			return nil, err
		}
		labels, err := rs.FindLabels(r.Context())
		return map[string]any{"labels": labels}, err
	})
}
