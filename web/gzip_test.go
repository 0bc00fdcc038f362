package web_test

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

func fetch(h http.Handler, target string, hdr map[string]string) *httptest.ResponseRecorder {
	req := httptest.NewRequest("GET", target, nil)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// TestGzip checks content negotiation on every kind of response the
// issue names: HTML pages, CSS, JavaScript, JSON and CSV.
func TestGzip(t *testing.T) {
	h := costServer(t)
	css := regexp.MustCompile(`href="(/static/site\.css\?v=[0-9a-f]+)"`).FindStringSubmatch(fetch(h, "/programs", nil).Body.String())
	if css == nil {
		t.Fatal("the page does not link a fingerprinted site.css")
	}
	for _, target := range []string{"/programs?award=7&resident=GA", css[1], "/static/finder.js", "/api/v1/programs", "/api/v1/programs?format=csv", "/api/v1/openapi.json"} {
		plain := fetch(h, target, nil)
		gz := fetch(h, target, map[string]string{"Accept-Encoding": "br;q=1, gzip;q=0.8"})
		if gz.Code != 200 || gz.Header().Get("Content-Encoding") != "gzip" || !strings.Contains(gz.Header().Get("Vary"), "Accept-Encoding") {
			t.Errorf("GET %s with gzip: %d, Content-Encoding %q, Vary %q; want gzip", target, gz.Code, gz.Header().Get("Content-Encoding"), gz.Header().Get("Vary"))
			continue
		}
		zr, err := gzip.NewReader(gz.Body)
		if err != nil {
			t.Fatalf("GET %s: %v", target, err)
		}
		body, err := io.ReadAll(zr)
		if err != nil || string(body) != plain.Body.String() {
			t.Errorf("GET %s: the gzipped body (%d bytes, %v) is not the plain one (%d bytes)", target, len(body), err, plain.Body.Len())
		}
		if plain.Header().Get("Content-Encoding") != "" {
			t.Errorf("GET %s without Accept-Encoding: encoded %q", target, plain.Header().Get("Content-Encoding"))
		}
		if no := fetch(h, target, map[string]string{"Accept-Encoding": "gzip;q=0, identity"}); no.Header().Get("Content-Encoding") != "" {
			t.Errorf("GET %s with gzip;q=0: encoded anyway", target)
		}
	}
	// Static files: long cache when fingerprinted, validators always.
	r := fetch(h, css[1], nil)
	if cc := r.Header().Get("Cache-Control"); !strings.Contains(cc, "max-age=31536000") || !strings.Contains(cc, "immutable") {
		t.Errorf("fingerprinted CSS: Cache-Control %q, want a year, immutable", cc)
	}
	etag, lm := r.Header().Get("ETag"), r.Header().Get("Last-Modified")
	if etag == "" || lm == "" {
		t.Fatalf("CSS: ETag %q, Last-Modified %q; want both", etag, lm)
	}
	if r := fetch(h, "/static/site.css", nil); strings.Contains(r.Header().Get("Cache-Control"), "immutable") {
		t.Errorf("unfingerprinted CSS cached as immutable")
	}
	if r := fetch(h, css[1], map[string]string{"If-None-Match": etag}); r.Code != http.StatusNotModified {
		t.Errorf("If-None-Match: %d, want 304", r.Code)
	}
	if r := fetch(h, css[1], map[string]string{"If-Modified-Since": lm}); r.Code != http.StatusNotModified {
		t.Errorf("If-Modified-Since: %d, want 304", r.Code)
	}
	if r := fetch(h, css[1], map[string]string{"Range": "bytes=0-99", "Accept-Encoding": "gzip"}); r.Code != http.StatusPartialContent || r.Body.Len() != 100 || r.Header().Get("Content-Encoding") != "" {
		t.Errorf("a range of the CSS: %d, %d bytes, encoding %q; want 206, the first 100 bytes as they are", r.Code, r.Body.Len(), r.Header().Get("Content-Encoding"))
	}
	if r := fetch(h, "/favicon.ico", nil); r.Code != 200 || !strings.HasPrefix(r.Header().Get("Content-Type"), "image/svg+xml") {
		t.Errorf("favicon: %d %q", r.Code, r.Header().Get("Content-Type"))
	}
}
