package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"

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
	careerpath.ETOOMANY:      http.StatusTooManyRequests,
	careerpath.ENOSPACE:      http.StatusInsufficientStorage,
	eMethod:                  http.StatusMethodNotAllowed,
}

// eMethod is the code of a request whose path is served with other
// methods only: an HTTP matter, so the web package's own.
const eMethod = "method_not_allowed"

// Error writes err as JSON for API requests and as an HTML page otherwise.
// Clients see the domain message; the log gets the cause of internal errors.
func (s *Server) Error(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, errResponded) {
		return
	}
	err = s.requestError(r, err)
	if responseStarted(w) || clientGone(r, err) {
		s.logAfterStart(r, err)
		return
	}
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
	// Encoded whole into a reused buffer first: a value that cannot be
	// encoded is an error the client sees as such (not a 200 cut short),
	// the response gets a Content-Length, and the finder's API, the
	// hottest path, allocates no buffer per request. No indentation: it
	// cost a third of the finder endpoint's CPU time.
	buf := jsonBuffers.Get().(*bytes.Buffer)
	defer func() {
		if buf.Cap() <= maxPooledJSON {
			buf.Reset()
			jsonBuffers.Put(buf)
		}
	}()
	if err := json.NewEncoder(buf).Encode(v); err != nil {
		buf.Reset()
		return fmt.Errorf("encode JSON: %w", err)
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	return err
}

// jsonBuffers holds the buffers writeJSON encodes into; buffers grown
// past maxPooledJSON (a large export) are left to the garbage collector.
var jsonBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

const maxPooledJSON = 1 << 20
