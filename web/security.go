package web

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	careerpath "github.com/careerpath/careerpath"
	"github.com/prometheus/client_golang/prometheus"
)

// The server's defences, in one place: what every response carries
// (security headers), what every request is held to (a deadline, a
// bound on query parameters, a second CSRF guard by origin, a rate limit
// on the API), and what each route is held to before its handler runs
// (authentication on admin routes before any body is read, then a body
// bounded by the route's limit and parsed or refused; a rate limit on
// sign-in). Handlers keep their own checks; these make a forgotten one
// harmless.

// Security configures the server's defences; the zero value of a field
// takes the default given with it.
type Security struct {
	// RequestTimeout bounds each request, database calls included
	// (default 30 s); a request past it answers 503.
	RequestTimeout time.Duration
	// APIRate and APIBurst limit each client's requests under /api/ to
	// APIRate a second with bursts of APIBurst (defaults 50 and 200);
	// a negative APIRate turns the limit off.
	APIRate  float64
	APIBurst int
	// MetricsToken, if set, is the bearer token /metrics asks for.
	MetricsToken string
	// MetricsAddr, if set, is the only address /metrics is served on
	// (Open listens there too), so that it can stay off the public one.
	MetricsAddr string
	// TrustedProxies are the reverse proxies (load balancers) whose
	// X-Forwarded-For names the client (proxy.go); with none, the client
	// is the connection's peer, so behind a proxy all clients share its
	// limits.
	TrustedProxies TrustedProxies
	// Now is the clock of the rate limits (time.Now by default), for tests.
	Now func() time.Time
}

const (
	defaultRequestTimeout = 30 * time.Second
	defaultAPIRate        = 50
	defaultAPIBurst       = 200
	// maxQueryParams bounds the parameters of a query: beyond it Go's
	// parser drops them all, which would answer an unfiltered result.
	maxQueryParams = 1000
	// Sign-in attempts: per client address a burst of 10, then one every
	// 6 s; from all clients together a burst of 50, then 5 a second.
	loginRate, loginBurst             = 1.0 / 6, 10
	loginGlobalRate, loginGlobalBurst = 5, 50
	// limitLogEvery is how often a rate limit that keeps refusing the
	// same client is logged again.
	limitLogEvery = time.Minute
)

func (c Security) withDefaults() Security {
	if c.RequestTimeout <= 0 {
		c.RequestTimeout = defaultRequestTimeout
	}
	if c.APIRate == 0 {
		c.APIRate = defaultAPIRate
	}
	if c.APIBurst <= 0 {
		c.APIBurst = defaultAPIBurst
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return c
}

// contentSecurityPolicy allows scripts, styles and images from the site
// only: no inline script or style, no plugins, no framing, forms posting
// only to the site.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// secure wraps the whole site: security headers on every response, the
// request deadline, the bound on query parameters, the cross-origin
// guard and the API's rate limit.
func (s *Server) secure(next http.Handler) http.Handler {
	cfg := s.security
	api := newLimiter(cfg.APIRate, cfg.APIBurst, cfg.Now)
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.Error(w, r, careerpath.Errorf(careerpath.EFORBIDDEN, "Cross-origin requests that change data are refused."))
	}))
	guarded := cop.Handler(next)
	s.limited = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "careerpath_rate_limited_total",
		Help: "Requests refused with 429 by a rate limit: api, sign-in client, sign-in global.",
	}, []string{"limit"})
	s.metrics.reg.MustRegister(s.limited)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r = s.withClient(r)
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		if r.TLS != nil {
			h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
		}
		tw := &trackWriter{ResponseWriter: w}
		if n := strings.Count(r.URL.RawQuery, "&") + strings.Count(r.URL.RawQuery, ";"); n >= maxQueryParams {
			s.Error(tw, r, careerpath.Errorf(careerpath.EINVALID, "The query has more than %d parameters, the limit.", maxQueryParams))
			return
		}
		if cfg.APIRate > 0 && strings.HasPrefix(r.URL.Path, "/api/") {
			if wait := api.take(clientAddr(r)); wait > 0 {
				s.refuseRate(tw, r, wait, "api", "Too many API requests from your address: slow down.")
				return
			}
		}
		ctx, cancel := context.WithTimeout(r.Context(), cfg.RequestTimeout)
		defer cancel()
		guarded.ServeHTTP(tw, r.WithContext(ctx))
	})
}

// refuseRate answers 429 with Retry-After, and logs the refusal once per
// client (once in all for a global limit) and window: not once per
// request, so that a flood does not flood the log too.
func (s *Server) refuseRate(w http.ResponseWriter, r *http.Request, wait time.Duration, limit, msg string) {
	s.limited.WithLabelValues(limit).Inc()
	key := limit + " " + clientAddr(r)
	if strings.HasSuffix(limit, "global") {
		key = limit // one line a window, however many addresses a flood comes from
	}
	if n, ok := s.limitLog.due(key, s.security.Now()); ok {
		s.log.Warn("rate limit reached", "limit", limit, "remote", clientAddr(r), "refused_since_last_log", n)
	}
	w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
	s.Error(w, r, careerpath.Errorf(careerpath.ETOOMANY, "%s Try again in %d s.", msg, int(math.Ceil(wait.Seconds()))))
}

// routeLimits are the body limits of routes that take more than an
// admin form (maxAdminForm), by route pattern.
var routeLimits = map[string]int64{
	"POST /api/v1/admin/catalogs":          maxCatalogBody,
	"POST /api/v1/careers/{slug}/classify": maxClassifyBody,
	"POST /api/v1/events":                  maxEventBody,
}

// adminRoute reports whether a route pattern is in the editors' area,
// where the credential is checked before the handler runs. The sign-in
// form itself is not.
func adminRoute(pattern string) bool {
	_, p, _ := strings.Cut(pattern, " ")
	if strings.HasPrefix(p, "/admin/login") {
		return false
	}
	return p == "/admin" || strings.HasPrefix(p, "/admin/") || strings.HasPrefix(p, "/api/v1/admin/")
}

// guard holds a route to its limits before its handler runs: on admin
// routes the credential is checked first (no body is read without one);
// the body is bounded by the route's limit; a form body is parsed at
// once, and one that cannot be read is refused (400, or 413 when too
// large) rather than acted on with empty fields; sign-in attempts are
// rate-limited per client address and in all.
func (s *Server) guard(pattern string, h handlerFunc) handlerFunc {
	limit, ok := routeLimits[pattern]
	if !ok {
		limit = maxAdminForm
	}
	admin := adminRoute(pattern)
	var login *loginLimiter
	if pattern == "POST /admin/login" {
		login = s.loginLimits
	}
	return func(w http.ResponseWriter, r *http.Request) error {
		if login != nil {
			if wait, scope := login.take(clientAddr(r)); wait > 0 {
				s.refuseRate(w, r, wait, "sign-in "+scope, "Too many sign-in attempts.")
				return errResponded
			}
		}
		if admin {
			editor, err := s.requireEditor(w, r)
			if err != nil {
				return err
			}
			r = r.WithContext(context.WithValue(r.Context(), editorKey{}, editor))
		}
		if r.Body != nil && r.Body != http.NoBody {
			if r.ContentLength > limit {
				return tooLargeError(limit)
			}
			r.Body = http.MaxBytesReader(w, r.Body, limit)
		}
		if err := parseFormBody(r, limit); err != nil {
			return err
		}
		return h(w, r)
	}
}

// editorKey is the context key under which guard keeps the editor an
// admin route's credential named.
type editorKey struct{}

// parseFormBody parses a form body of an unsafe request (URL-encoded or
// multipart, never to temporary files beyond limit); a body that cannot
// be read is an error the client sees, never empty fields.
func parseFormBody(r *http.Request, limit int64) error {
	if safeMethod(r.Method) || r.PostForm != nil {
		return nil
	}
	ct := r.Header.Get("Content-Type")
	var err error
	switch {
	case strings.HasPrefix(ct, "application/x-www-form-urlencoded"):
		err = r.ParseForm()
	case strings.HasPrefix(ct, "multipart/form-data"):
		err = r.ParseMultipartForm(limit)
	default:
		return nil
	}
	var maxErr *http.MaxBytesError
	switch {
	case errors.As(err, &maxErr):
		return tooLargeError(limit)
	case err != nil:
		return careerpath.Errorf(careerpath.EINVALID, "The form could not be read: %v.", err)
	}
	return nil
}

func tooLargeError(limit int64) error {
	if limit >= 1<<20 {
		return careerpath.Errorf(careerpath.ETOOLARGE, "The request body is larger than the limit of %d MiB.", limit>>20)
	}
	return careerpath.Errorf(careerpath.ETOOLARGE, "The request body is larger than the limit of %d KiB.", max(limit>>10, 1))
}

// localPath returns raw as a same-origin path to redirect to, cleaned,
// with its query, if it is one and lies under one of prefixes (a prefix
// "/admin" takes "/admin" and "/admin/…"); else "". A scheme, a host, a
// backslash (which browsers read as a slash) or a control character
// anywhere makes it no local path; the prefix is tested after cleaning,
// so "/admin/../x" is "/x".
func localPath(raw string, prefixes ...string) string {
	if !strings.HasPrefix(raw, "/") || strings.HasPrefix(raw, "//") || strings.ContainsAny(raw, "\\") {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return ""
	}
	if strings.ContainsFunc(u.Path, func(c rune) bool { return c == '\\' || c < ' ' || c == 0x7f }) {
		return ""
	}
	p := path.Clean(u.Path)
	for _, pre := range prefixes {
		if p == pre || strings.HasPrefix(p, strings.TrimSuffix(pre, "/")+"/") {
			return (&url.URL{Path: p, RawQuery: u.RawQuery}).RequestURI()
		}
	}
	return ""
}

// allowed returns the methods the mux serves path with, other than by
// the catch-all route, for a 405's Allow header.
func allowed(mux *http.ServeMux, r *http.Request) []string {
	var out []string
	for _, m := range []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		probe := &http.Request{Method: m, URL: r.URL, Host: r.Host, Header: http.Header{}}
		if _, pattern := mux.Handler(probe); pattern != "" && pattern != "/" {
			out = append(out, m)
		}
	}
	return out
}

// trackWriter notes whether the response has started, so that an error
// after it (a client gone mid-write) is not answered a second time.
type trackWriter struct {
	http.ResponseWriter
	started bool
}

func (w *trackWriter) WriteHeader(code int) {
	if code >= 200 { // 1xx are informational; the response is still to come
		w.started = true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *trackWriter) Write(b []byte) (int, error) {
	w.started = true
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *trackWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// responseStarted reports whether the response behind w has begun, by
// the trackWriter secure puts under every handler.
func responseStarted(w http.ResponseWriter) bool {
	for {
		if t, ok := w.(*trackWriter); ok {
			return t.started
		}
		u, ok := w.(interface{ Unwrap() http.ResponseWriter })
		if !ok {
			return false
		}
		w = u.Unwrap()
	}
}

// limiter is a token bucket per key (a client address): rate tokens a
// second, up to burst. Buckets that have refilled are forgotten, so the
// map holds only clients seen recently.
type limiter struct {
	rate  float64
	burst float64
	now   func() time.Time

	mu      sync.Mutex
	buckets map[string]*bucket
	swept   time.Time
}

type bucket struct {
	tokens float64
	at     time.Time
}

func newLimiter(rate float64, burst int, now func() time.Time) *limiter {
	return &limiter{rate: rate, burst: float64(burst), now: now, buckets: map[string]*bucket{}}
}

// take spends a token of key's bucket, returning 0, or returns how long
// until one is there (and spends none).
func (l *limiter) take(key string) time.Duration {
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if full := time.Duration(l.burst / l.rate * float64(time.Second)); now.Sub(l.swept) > full {
		for k, b := range l.buckets {
			if now.Sub(b.at) > full {
				delete(l.buckets, k)
			}
		}
		l.swept = now
	}
	b := l.buckets[key]
	if b == nil {
		b = &bucket{tokens: l.burst, at: now}
		l.buckets[key] = b
	}
	b.tokens = min(l.burst, b.tokens+now.Sub(b.at).Seconds()*l.rate)
	b.at = now
	if b.tokens >= 1 {
		b.tokens--
		return 0
	}
	return time.Duration((1 - b.tokens) / l.rate * float64(time.Second))
}

// loginLimiter limits sign-in attempts per client address and from all
// clients together.
type loginLimiter struct {
	client, global *limiter
}

func newLoginLimiter(now func() time.Time) *loginLimiter {
	return &loginLimiter{client: newLimiter(loginRate, loginBurst, now), global: newLimiter(loginGlobalRate, loginGlobalBurst, now)}
}

// take spends an attempt of addr, or returns how long to wait and which
// limit ("client" or "global") refused it.
func (l *loginLimiter) take(addr string) (time.Duration, string) {
	if wait := l.client.take(addr); wait > 0 {
		return wait, "client"
	}
	if wait := l.global.take(""); wait > 0 {
		return wait, "global"
	}
	return 0, ""
}

// onceEvery says when a repeated event is due to be logged again: at its
// first occurrence and then once per window, with the count in between.
type onceEvery struct {
	window time.Duration
	mu     sync.Mutex
	last   map[string]time.Time
	count  map[string]int
}

func newOnceEvery(window time.Duration) *onceEvery {
	return &onceEvery{window: window, last: map[string]time.Time{}, count: map[string]int{}}
}

// due counts an occurrence of key and reports whether to log it, with
// the occurrences since the last logged one.
func (o *onceEvery) due(key string, now time.Time) (int, bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.count[key]++
	if last, ok := o.last[key]; ok && now.Sub(last) < o.window {
		return 0, false
	}
	if len(o.last) > 10000 { // a flood from many addresses: start over
		clear(o.last)
		clear(o.count)
		o.count[key] = 1
	}
	n := o.count[key]
	o.last[key], o.count[key] = now, 0
	return n, true
}

// metricsHandler serves /metrics, behind the bearer token when one is set.
func (s *Server) metricsHandler() http.Handler {
	h := s.metrics.handler()
	token := s.security.MetricsToken
	if token == "" {
		return h
	}
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		scheme, got, _ := strings.Cut(r.Header.Get("Authorization"), " ")
		if !strings.EqualFold(scheme, "Bearer") || !equalSecret(strings.TrimSpace(got), token) {
			w.Header().Set("WWW-Authenticate", `Bearer realm="careerpath metrics"`)
			return careerpath.Errorf(careerpath.EUNAUTHORIZED, "/metrics needs the metrics token: send \"Authorization: Bearer TOKEN\".")
		}
		h.ServeHTTP(w, r)
		return nil
	})
}

// requestError turns the errors of a request's own context into what
// the client should see: past the deadline is 503 with the limit named.
// It returns err unchanged otherwise.
func (s *Server) requestError(r *http.Request, err error) error {
	if errors.Is(err, context.DeadlineExceeded) && r.Context().Err() != nil {
		return careerpath.Errorf(careerpath.EUNAVAILABLE, "The server took longer than %s to answer: try again, or narrow the request.", s.security.RequestTimeout)
	}
	return err
}

// clientGone reports whether err comes from the client closing the
// connection (the request's context canceled, or a write to a closed
// connection), which is nothing to log as an error nor to answer.
func clientGone(r *http.Request, err error) bool {
	return errors.Is(r.Context().Err(), context.Canceled) &&
		(errors.Is(err, context.Canceled) || isWriteError(err))
}

func isWriteError(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) || errors.Is(err, http.ErrHandlerTimeout) ||
		strings.Contains(fmt.Sprint(err), "broken pipe") || strings.Contains(fmt.Sprint(err), "connection reset")
}

// logAfterStart logs an error that came after the response had started:
// there is nothing left to answer.
func (s *Server) logAfterStart(r *http.Request, err error) {
	level := slog.LevelError
	if clientGone(r, err) {
		level = slog.LevelDebug
	}
	s.log.Log(r.Context(), level, "request failed after the response started", "method", r.Method, "path", r.URL.Path, "err", err)
}
