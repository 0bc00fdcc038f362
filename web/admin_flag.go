package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	careerpath "github.com/careerpath/careerpath"
)

// Flagging where the editor is: the form on a program's page, on each
// finder card and on the review page. A flag the queue refuses (a program
// number that is not one, no reason) comes back on the page it was sent
// from, with the message and what was typed.

// flagInput is what a flag form sent.
type flagInput struct {
	Program, Career, Reason string
	Back                    string // the page to return to
	Error                   string // why the flag was refused
}

// flagBack returns where a flag form returns to: a finder or program page
// of the site it names, else the review page.
func flagBack(b string) string {
	if p := localPath(b, "/programs", "/careers"); p != "" {
		return p
	}
	return "/admin/review"
}

// flagRefused answers a refused flag form: the program's page with its
// form filled in as sent when the form came from a finder or program page
// and the program exists, the review page's form otherwise; status 422.
// Errors other than a refusal (EINVALID, ENOTFOUND) are returned.
func (s *Server) flagRefused(w http.ResponseWriter, r *http.Request, editor string, in flagInput, err error) error {
	if c := careerpath.ErrorCode(err); c != careerpath.EINVALID && c != careerpath.ENOTFOUND {
		return err
	}
	in.Error = careerpath.ErrorMessage(err)
	auditRefused(r.Context(), careerpath.ErrorCode(err)+": "+in.Error)
	w = &refusedWriter{ResponseWriter: w, status: http.StatusUnprocessableEntity}
	if in.Back != "/admin/review" {
		if id, perr := strconv.ParseInt(in.Program, 10, 64); perr == nil {
			if p, ferr := s.svc.Programs.FindProgram(r.Context(), id, ""); ferr == nil {
				data, derr := s.programData(r, p, "")
				if derr != nil {
					return derr
				}
				data["Flag"] = in
				return s.render(w, r, "program.html", s.editorData(w, r, data))
			}
		}
	}
	data, derr := s.reviewData(r)
	if derr != nil {
		return derr
	}
	data["Flag"] = in
	return s.renderAdmin(w, r, "admin_review.html", editor, data)
}

// flaggedMessage says what a flag did.
func flaggedMessage(it *careerpath.ReviewItem) string {
	return fmt.Sprintf("Program %s is in the queue as item %d.", it.ProgramID, it.ID)
}

// refusedWriter answers with its status instead of 200, once the headers
// the page sets are in place.
type refusedWriter struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (w *refusedWriter) WriteHeader(int) {
	if !w.wrote {
		w.wrote = true
		w.ResponseWriter.WriteHeader(w.status)
	}
}

func (w *refusedWriter) Write(b []byte) (int, error) {
	w.WriteHeader(w.status)
	return w.ResponseWriter.Write(b)
}

// cardFlags is what the flag forms of a finder page's cards need.
type cardFlags struct {
	CSRF    string
	Back    string              // the finder page, to return to
	Careers []*careerpath.Guide // to choose from, on a page of all programs
}

// cardFlags returns the cards' flag forms for a signed-in editor, nil for
// anyone else (and then the page may be cached and shared).
func (s *Server) cardFlags(r *http.Request) (*cardFlags, error) {
	_, sess := s.session(r)
	if sess == nil || s.svc.Review == nil {
		return nil, nil
	}
	f := &cardFlags{CSRF: sess.csrf, Back: r.URL.RequestURI()}
	if !strings.HasPrefix(r.URL.Path, "/careers/") {
		guides, err := s.svc.Guides.FindGuides(r.Context(), "")
		if err != nil {
			return nil, err
		}
		f.Careers = guides
	}
	return f, nil
}

// signedIn reports whether an editor's session comes with the request.
func (s *Server) signedIn(r *http.Request) bool {
	_, sess := s.session(r)
	return sess != nil && s.svc.Review != nil
}
