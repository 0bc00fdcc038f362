package web

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
	"unicode"

	careerpath "github.com/careerpath/careerpath"
)

// The admin pages under /admin share this contract: a handler calls
// requireEditor first, then renderAdmin with its page template
// (templates/admin_*.html, which defines "content" like any page, and
// shows the section links of templates/partials/admin_nav.html).
//
// Editors sign in at /admin/login with the admin token and their name,
// and get a session cookie: a random 256-bit id naming a session kept in
// the database (Services.Sessions; only the id's hash is stored), so that
// a restart keeps editors signed in and every replica knows the session;
// without a store, in this process's memory. The cookie is HttpOnly, Secure and
// SameSite=Strict. Browsers do not send Secure cookies over plain http
// except to localhost, so the admin pages work over http on localhost and
// need https anywhere else. Every unsafe request made with the cookie
// must carry the session's CSRF token; API clients send the bearer token
// instead and need none, since a browser never adds it on its own.

const (
	sessionCookie = "careerpath_admin"
	sessionTTL    = 12 * time.Hour
	// maxSessions bounds the store; signing in beyond it ends the oldest
	// session.
	maxSessions = 1000
	// maxEditorName bounds the name an editor signs in with, in bytes.
	maxEditorName = 64
	// maxAdminForm bounds the body of an admin form or JSON request.
	maxAdminForm = 64 << 10
)

// errResponded is returned by a handler that has written its response
// (a redirect to the sign-in page) instead of an error to render.
var errResponded = errors.New("response written")

// adminSession is a signed-in editor.
type adminSession struct {
	editor  string
	csrf    string
	expires time.Time
	flash   string // what the last form did, shown once on the next page; guarded by sessions.mu
}

// sessions holds admin sessions, by cookie value. With a store
// (Services.Sessions) the store is the truth, so that a restart keeps
// editors signed in and a session started through one replica works
// through every other: each look-up asks it, and only the flash message
// lives here. Without one, the sessions live in this map alone.
type sessions struct {
	store     careerpath.SessionStore // nil: memory only
	now       func() time.Time
	log       *slog.Logger
	readFails *careerpath.FailureLog // of the store's reads
	mu        sync.Mutex
	m         map[string]*adminSession
}

func newSessions(store careerpath.SessionStore, now func() time.Time, log *slog.Logger) *sessions {
	return &sessions{store: store, now: now, log: log, m: map[string]*adminSession{},
		readFails: &careerpath.FailureLog{Log: log, Msg: "reading an admin session"}}
}

// randomToken returns 256 random bits, base64url-encoded.
func randomToken() string {
	b := make([]byte, 32)
	rand.Read(b) // never fails (crypto/rand since Go 1.24)
	return base64.RawURLEncoding.EncodeToString(b)
}

// tokenHash is what the store keeps of a session's token: its SHA-256,
// so that a copy of the database signs nobody in.
func tokenHash(id string) string {
	sum := sha256.Sum256([]byte(id))
	return hex.EncodeToString(sum[:])
}

// csrfToken derives a session's CSRF token from its secret token, so
// that every replica computes the same one and the store need not keep it.
func csrfToken(id string) string {
	sum := sha256.Sum256([]byte("careerpath csrf\x00" + id))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// create starts a session for editor and returns its id. With a store,
// it also deletes the sessions that have expired.
func (ss *sessions) create(ctx context.Context, editor string) (string, *adminSession, error) {
	id := randomToken()
	now := ss.now()
	sess := &adminSession{editor: editor, csrf: csrfToken(id), expires: now.Add(sessionTTL)}
	if ss.store != nil {
		if n, err := ss.store.DeleteExpiredSessions(ctx, now); careerpath.ErrorCode(err) == careerpath.EUNAVAILABLE {
			return "", nil, err // the session could not be stored either
		} else if err != nil {
			ss.log.Warn("deleting expired admin sessions", "err", err)
		} else if n > 0 {
			ss.log.Info("deleted expired admin sessions", "n", n)
		}
		if err := ss.store.CreateSession(ctx, &careerpath.Session{TokenHash: tokenHash(id), Editor: editor,
			CreatedAt: now.UTC().Truncate(time.Microsecond), ExpiresAt: sess.expires.UTC().Truncate(time.Microsecond)}); err != nil {
			return "", nil, err
		}
	}
	ss.mu.Lock()
	defer ss.mu.Unlock()
	ss.add(id, sess, now)
	return id, sess, nil
}

// add keeps sess in the map, first removing the expired ones and, at
// maxSessions, the oldest; ss.mu is held.
func (ss *sessions) add(id string, sess *adminSession, now time.Time) {
	var oldest string
	for k, v := range ss.m {
		if now.After(v.expires) {
			delete(ss.m, k)
		} else if oldest == "" || v.expires.Before(ss.m[oldest].expires) {
			oldest = k
		}
	}
	if len(ss.m) >= maxSessions {
		delete(ss.m, oldest)
	}
	ss.m[id] = sess
}

// get returns the live session with the id, or nil; a session the store
// could not be read for is nil too, logged (once an outage).
func (ss *sessions) get(ctx context.Context, id string) *adminSession {
	sess, err := ss.find(ctx, id)
	if err != nil {
		ss.readFails.Fail(err)
		return nil
	}
	return sess
}

// find returns the live session with the id, nil if there is none, or
// the error of a store that could not be read (the database unreachable).
func (ss *sessions) find(ctx context.Context, id string) (*adminSession, error) {
	if ss.store == nil {
		ss.mu.Lock()
		defer ss.mu.Unlock()
		sess := ss.m[id]
		if sess != nil && ss.now().After(sess.expires) {
			delete(ss.m, id)
			return nil, nil
		}
		return sess, nil
	}
	stored, err := ss.store.FindSession(ctx, tokenHash(id))
	if careerpath.ErrorCode(err) == careerpath.ENOTFOUND {
		ss.forget(id)
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	ss.readFails.OK()
	now := ss.now()
	if now.After(stored.ExpiresAt) {
		ss.forget(id)
		if err := ss.store.DeleteSession(ctx, stored.TokenHash); err != nil {
			ss.log.Warn("deleting an expired admin session", "err", err)
		}
		return nil, nil
	}
	ss.mu.Lock()
	defer ss.mu.Unlock()
	sess := ss.m[id]
	if sess == nil {
		// Started through another replica, or before a restart.
		sess = &adminSession{editor: stored.Editor, csrf: csrfToken(id), expires: stored.ExpiresAt}
		ss.add(id, sess, now)
	}
	return sess, nil
}

// setFlash keeps msg for the session's next admin page. Messages live
// in the session, not the URL, so that a link cannot make an admin page
// say what its author wants.
func (ss *sessions) setFlash(sess *adminSession, msg string) {
	ss.mu.Lock()
	sess.flash = msg
	ss.mu.Unlock()
}

// takeFlash returns the session's message and forgets it.
func (ss *sessions) takeFlash(sess *adminSession) string {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	msg := sess.flash
	sess.flash = ""
	return msg
}

func (ss *sessions) forget(id string) {
	ss.mu.Lock()
	delete(ss.m, id)
	ss.mu.Unlock()
}

// delete ends the session with the id.
func (ss *sessions) delete(ctx context.Context, id string) error {
	ss.forget(id)
	if ss.store != nil {
		return ss.store.DeleteSession(ctx, tokenHash(id))
	}
	return nil
}

// session returns the request's admin session, or nil.
func (s *Server) session(r *http.Request) (string, *adminSession) {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return "", nil
	}
	return c.Value, s.sessions.get(r.Context(), c.Value)
}

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// requireEditor returns who is asking for an admin page or admin API
// call. A bearer token (the admin token) names the editor by the optional
// X-Editor header, "admin" without it. A session cookie names the editor
// who signed in; unsafe methods made with it must carry its CSRF token
// (form field "csrf" or header "X-CSRF-Token"), else 403. Without a
// credential a browser asking for a page is sent to /admin/login, and
// anything else gets 401; a wrong credential gets 403.
func (s *Server) requireEditor(w http.ResponseWriter, r *http.Request) (editor string, err error) {
	if editor, ok := r.Context().Value(editorKey{}).(string); ok {
		return editor, nil // checked by guard before the handler ran
	}
	if r.Header.Get("Authorization") != "" {
		if err := s.requireAdmin(w, r); err != nil {
			return "", err
		}
		if name := strings.TrimSpace(r.Header.Get("X-Editor")); name != "" {
			if err := validEditorName(name); err != nil {
				return "", err
			}
			return name, nil
		}
		return "admin", nil
	}
	if s.svc.AdminToken == "" {
		return "", s.requireAdmin(w, r) // the admin area is off: 403
	}
	id, sess := "", (*adminSession)(nil)
	if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
		id = c.Value
		if sess, err = s.sessions.find(r.Context(), id); err != nil {
			// Not signed out: the session cannot be checked now.
			return "", err
		}
	}
	if sess == nil {
		if !wantsJSON(r) && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
			http.Redirect(w, r, "/admin/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return "", errResponded
		}
		if id == "" {
			w.Header().Set("WWW-Authenticate", `Bearer realm="careerpath admin"`)
			return "", careerpath.Errorf(careerpath.EUNAUTHORIZED, "Sign in at /admin/login, or send \"Authorization: Bearer TOKEN\".")
		}
		return "", careerpath.Errorf(careerpath.EFORBIDDEN, "Your admin session has ended or is not valid: sign in again at /admin/login.")
	}
	if !safeMethod(r.Method) {
		token := r.Header.Get("X-CSRF-Token")
		if token == "" {
			r.Body = http.MaxBytesReader(w, r.Body, maxAdminForm)
			if err := parseFormBody(r, maxAdminForm); err != nil {
				return "", err
			}
			token = r.PostFormValue("csrf")
		}
		if token == "" || subtle.ConstantTimeCompare([]byte(token), []byte(sess.csrf)) != 1 {
			return "", careerpath.Errorf(careerpath.EFORBIDDEN, "This form is missing its security token or has an old one: reload the page and try again.")
		}
	}
	return sess.editor, nil
}

// renderAdmin renders an admin page: data gets "CSRF" (the token forms
// must post back in a hidden "csrf" field; "" for a bearer-token request),
// "Editor", and "Done", what the editor's last form did.
func (s *Server) renderAdmin(w http.ResponseWriter, r *http.Request, page, editor string, data map[string]any) error {
	if data == nil {
		data = map[string]any{}
	}
	data["Editor"] = editor
	data["CSRF"] = ""
	if _, sess := s.session(r); sess != nil {
		data["CSRF"] = sess.csrf
		data["Done"] = s.sessions.takeFlash(sess)
	}
	w.Header().Set("Cache-Control", "no-store")
	return s.render(w, r, page, data)
}

// editorData adds to a public page's data what its editor-only parts
// need ("Editor", "CSRF" and "Done") when a signed-in editor asks for it, and
// keeps such a page out of caches.
func (s *Server) editorData(w http.ResponseWriter, r *http.Request, data map[string]any) map[string]any {
	if _, sess := s.session(r); sess != nil && s.svc.Review != nil {
		data["Editor"], data["CSRF"], data["Done"] = sess.editor, sess.csrf, s.sessions.takeFlash(sess)
		w.Header().Set("Cache-Control", "no-store")
	}
	return data
}

// validEditorName accepts a short printable name; it attributes labels
// and registry events.
func validEditorName(name string) error {
	switch {
	case name == "":
		return careerpath.Errorf(careerpath.EINVALID, "Give your name: it is recorded with every decision you make.")
	case len(name) > maxEditorName:
		return careerpath.Errorf(careerpath.EINVALID, "A name has at most %d bytes.", maxEditorName)
	case strings.IndexFunc(name, func(r rune) bool { return !unicode.IsPrint(r) }) >= 0:
		return careerpath.Errorf(careerpath.EINVALID, "A name has only printable characters.")
	}
	return nil
}

// safeNext returns where to go after signing in: a path of the admin
// area (cleaned, see localPath), never another site nor the sign-in page.
func safeNext(next string) string {
	if p := localPath(next, "/admin"); p != "" && localPath(p, "/admin/login") == "" {
		return p
	}
	return "/admin"
}

// loginPage serves GET /admin/login.
func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) error {
	next := safeNext(r.URL.Query().Get("next"))
	if _, sess := s.session(r); sess != nil {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return nil
	}
	return s.renderLogin(w, r, http.StatusOK, next, "", nil)
}

func (s *Server) renderLogin(w http.ResponseWriter, r *http.Request, status int, next, name string, err error) error {
	data := map[string]any{"Title": "Sign in · Admin", "Next": next, "Name": name}
	if err != nil {
		data["Problem"] = careerpath.ErrorMessage(err)
	}
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	return s.render(w, r, "admin_login.html", data)
}

// login serves POST /admin/login: the admin token and the editor's name
// start a session. A wrong token answers 403 with the form again.
func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxAdminForm)
	if err := r.ParseForm(); err != nil {
		return careerpath.Errorf(careerpath.EINVALID, "The sign-in form could not be read.")
	}
	name := strings.TrimSpace(r.PostFormValue("name"))
	next := safeNext(r.PostFormValue("next"))
	if s.svc.AdminToken == "" {
		return s.renderLogin(w, r, http.StatusForbidden, next, name, s.requireAdmin(w, r))
	}
	if err := validEditorName(name); err != nil {
		return s.renderLogin(w, r, http.StatusBadRequest, next, name, err)
	}
	if !s.tokenOK(r.PostFormValue("token")) {
		if n, ok := s.limitLog.due("wrong token", s.security.Now()); ok {
			s.log.Warn("admin sign-in refused: wrong token", "editor", name, "remote", clientAddr(r), "refused_since_last_log", n)
		}
		return s.renderLogin(w, r, http.StatusForbidden, next, name, careerpath.Errorf(careerpath.EFORBIDDEN, "The admin token is not valid."))
	}
	id, _, err := s.sessions.create(r.Context(), name)
	if err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Value: id, Path: "/", MaxAge: int(sessionTTL / time.Second),
		HttpOnly: true, Secure: true, SameSite: http.SameSiteStrictMode,
	})
	s.log.Info("editor signed in", "editor", name)
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// logout serves POST /admin/logout: it ends the session (CSRF-checked, so
// that another site cannot sign an editor out).
func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	editor, err := s.requireEditor(w, r)
	if err != nil {
		return err
	}
	if id, sess := s.session(r); sess != nil {
		if err := s.sessions.delete(r.Context(), id); err != nil {
			return err
		}
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: true, SameSite: http.SameSiteStrictMode})
	s.log.Info("editor signed out", "editor", editor)
	http.Redirect(w, r, "/admin/login", http.StatusSeeOther)
	return nil
}
