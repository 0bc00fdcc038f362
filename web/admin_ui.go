package web

import (
	"net/http"
)

// The admin pages under /admin share this contract: a handler calls
// requireEditor first, then renderAdmin with its page template
// (templates/admin_*.html, which defines "content" like any page).
//
// This first version signs editors in with the bearer token only and has
// no session or CSRF yet; the admin UI replaces both bodies, not the
// signatures.

// requireEditor returns who is asking for an admin page or admin API
// call: 401 without a credential, 403 with a wrong one. Unsafe methods
// made with a session cookie must carry its CSRF token (form field
// "csrf" or header "X-CSRF-Token").
func (s *Server) requireEditor(w http.ResponseWriter, r *http.Request) (editor string, err error) {
	if err := s.requireAdmin(w, r); err != nil {
		return "", err
	}
	return "admin", nil
}

// renderAdmin renders an admin page: data gets "CSRF" (the token forms
// must post back in a hidden "csrf" field) and "Editor".
func (s *Server) renderAdmin(w http.ResponseWriter, r *http.Request, page, editor string, data map[string]any) error {
	if data == nil {
		data = map[string]any{}
	}
	data["Editor"] = editor
	data["CSRF"] = ""
	w.Header().Set("Cache-Control", "no-store")
	return s.render(w, r, page, data)
}
