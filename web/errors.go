package web

import (
	"encoding/json"
	"net/http"
	"strings"

	careerpath "github.com/careerpath/careerpath"
)

// handlerFunc is an HTTP handler that returns its error instead of writing
// it, so that every error is rendered and logged in one place.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

func (s *Server) handle(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.Error(w, r, err)
		}
	})
}

// statusOf maps domain error codes to HTTP statuses.
var statusOf = map[string]int{
	careerpath.ECONFLICT:     http.StatusConflict,
	careerpath.EINVALID:      http.StatusBadRequest,
	careerpath.ENOTFOUND:     http.StatusNotFound,
	careerpath.EUNAUTHORIZED: http.StatusUnauthorized,
	careerpath.EFORBIDDEN:    http.StatusForbidden,
	careerpath.ETOOLARGE:     http.StatusRequestEntityTooLarge,
	careerpath.EINTERNAL:     http.StatusInternalServerError,
	careerpath.EUNAVAILABLE:  http.StatusServiceUnavailable,
}

// Error writes err as JSON for API requests and as an HTML page otherwise.
// Clients see the domain message; the log gets the cause of internal errors.
func (s *Server) Error(w http.ResponseWriter, r *http.Request, err error) {
	code, msg := careerpath.ErrorCode(err), careerpath.ErrorMessage(err)
	status := statusOf[code]
	if status == 0 {
		status = http.StatusInternalServerError
	}
	if code == careerpath.EINTERNAL {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	if wantsJSON(r) {
		writeJSON(w, status, map[string]any{"error": map[string]string{"code": code, "message": msg}})
		return
	}
	w.WriteHeader(status)
	s.render(w, r, "error.html", map[string]any{"Status": status, "Title": http.StatusText(status), "Message": msg})
}

func wantsJSON(r *http.Request) bool {
	return strings.HasPrefix(r.URL.Path, "/api/") || strings.Contains(r.Header.Get("Accept"), "application/json") && !strings.Contains(r.Header.Get("Accept"), "text/html")
}

func writeJSON(w http.ResponseWriter, status int, v any) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
