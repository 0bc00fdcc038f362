package web

import (
	"net/http"
	"strings"

	careerpath "github.com/careerpath/careerpath"
)

// suggestJSON serves GET /api/v1/suggest?q=: completions of what a
// student is typing into the finder's search box, from the program
// service when it suggests (the finder's index does), for the finder's
// script.
func (s *Server) suggestJSON(w http.ResponseWriter, r *http.Request) error {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if len(q) > 200 {
		return careerpath.Errorf(careerpath.EINVALID, "Parameter q: want at most 200 characters.")
	}
	sg, ok := s.svc.Programs.(careerpath.Suggester)
	if !ok {
		return careerpath.Errorf(careerpath.EUNAVAILABLE, "Suggestions are not available.")
	}
	list, err := sg.Suggest(r.Context(), q)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"suggestions": list})
}
