package web

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestTrustedProxiesClient: X-Forwarded-For is read only from a trusted
// peer, from the right, stopping at the first hop that is not a trusted
// proxy; what a client writes itself left of that is never believed.
func TestTrustedProxiesClient(t *testing.T) {
	var lb TrustedProxies
	if err := lb.Set("127.0.0.1/32, 10.0.0.0/8,::1"); err != nil {
		t.Fatal(err)
	}
	if got, want := lb.String(), "127.0.0.1/32,10.0.0.0/8,::1/128"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	for _, c := range []struct {
		name    string
		proxies TrustedProxies
		peer    string
		xff     []string
		want    string
	}{
		{"no proxy trusted", nil, "127.0.0.1:4000", []string{"203.0.113.9"}, "127.0.0.1"},
		{"untrusted peer's header ignored", lb, "198.51.100.1:4000", []string{"203.0.113.9"}, "198.51.100.1"},
		{"one trusted proxy", lb, "127.0.0.1:4000", []string{"203.0.113.9"}, "203.0.113.9"},
		{"client spoofs a hop", lb, "127.0.0.1:4000", []string{"192.0.2.66, 203.0.113.9"}, "203.0.113.9"},
		{"two trusted proxies", lb, "127.0.0.1:4000", []string{"203.0.113.9, 10.1.2.3"}, "203.0.113.9"},
		{"header per proxy", lb, "127.0.0.1:4000", []string{"192.0.2.66", "203.0.113.9, 10.1.2.3"}, "203.0.113.9"},
		{"all hops trusted", lb, "127.0.0.1:4000", []string{"10.0.0.1, 10.0.0.2"}, "10.0.0.1"},
		{"no header", lb, "127.0.0.1:4000", nil, "127.0.0.1"},
		{"garbage hop", lb, "127.0.0.1:4000", []string{"203.0.113.9, not-an-ip, 10.0.0.7"}, "10.0.0.7"},
		{"IPv6 peer", lb, "[::1]:4000", []string{"2001:db8::5"}, "2001:db8::5"},
		{"IPv4-mapped peer", lb, "[::ffff:127.0.0.1]:4000", []string{"203.0.113.9"}, "203.0.113.9"},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = c.peer
		for _, v := range c.xff {
			r.Header.Add("X-Forwarded-For", v)
		}
		if got := c.proxies.client(r); got != c.want {
			t.Errorf("%s: client = %q, want %q", c.name, got, c.want)
		}
	}
}

// TestTrustedProxiesSet: a list that is not CIDRs is refused naming the
// bad element.
func TestTrustedProxiesSet(t *testing.T) {
	for _, bad := range []string{"10.0.0.0/33", "localhost", "10.0.0.1/8x", "::ffff:10.0.0.0/104"} {
		var p TrustedProxies
		err := p.Set("127.0.0.1/32," + bad)
		if err == nil || !strings.Contains(err.Error(), bad) {
			t.Errorf("Set(%q) = %v, want an error naming it", bad, err)
		}
	}
	var p TrustedProxies
	if err := p.Set(""); err != nil || len(p) != 0 {
		t.Errorf("Set(\"\") = %v, %v; want no proxies", p, err)
	}
}

// TestRateLimitBehindProxy: behind a trusted load balancer each client
// gets its own API bucket; a client connecting directly cannot pick a
// fresh bucket by writing X-Forwarded-For.
func TestRateLimitBehindProxy(t *testing.T) {
	var lb TrustedProxies
	if err := lb.Set("127.0.0.1/32"); err != nil {
		t.Fatal(err)
	}
	s := &Server{security: Security{APIRate: 1, APIBurst: 2, TrustedProxies: lb}.withDefaults(), metrics: newMetrics(nil), limitLog: newOnceEvery(limitLogEvery)}
	s.log = slog.New(slog.DiscardHandler)
	h := s.secure(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(clientAddr(r))) }))
	get := func(peer, xff string) *httptest.ResponseRecorder {
		r := httptest.NewRequest("GET", "/api/v1/sources", nil)
		r.RemoteAddr = peer
		if xff != "" {
			r.Header.Set("X-Forwarded-For", xff)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		return rec
	}
	for i := range 2 {
		if rec := get("127.0.0.1:999", "203.0.113.1"); rec.Code != http.StatusOK || rec.Body.String() != "203.0.113.1" {
			t.Fatalf("client 1 request %d = %d %q, want 200 from 203.0.113.1", i+1, rec.Code, rec.Body)
		}
	}
	if rec := get("127.0.0.1:999", "203.0.113.1"); rec.Code != http.StatusTooManyRequests {
		t.Errorf("client 1's 3rd request = %d, want 429", rec.Code)
	}
	if rec := get("127.0.0.1:999", "203.0.113.2"); rec.Code != http.StatusOK {
		t.Errorf("client 2 through the same proxy = %d, want 200 (its own bucket)", rec.Code)
	}
	get("198.51.100.5:1", "")
	get("198.51.100.5:1", "")
	if rec := get("198.51.100.5:1", "203.0.113.77"); rec.Code != http.StatusTooManyRequests {
		t.Errorf("a direct client writing X-Forwarded-For = %d, want 429 (its own address still counts)", rec.Code)
	}
}
