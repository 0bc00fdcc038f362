package web

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"
)

// staticFiles are the static assets with their fingerprints, read once:
// the first 12 hex digits of each file's SHA-256, its ETag and the
// ?v= of its fingerprinted URL (assetURL).
type staticFiles struct {
	once  sync.Once
	sums  map[string]string // by name, "site.css"
	start time.Time         // Last-Modified of embedded files, which have no time of their own
}

var static staticFiles

func (s *staticFiles) load() {
	s.once.Do(func() {
		s.sums, s.start = map[string]string{}, time.Now().UTC().Truncate(time.Second)
		sub, _ := fs.Sub(assets, "static")
		fs.WalkDir(sub, ".", func(name string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := fs.ReadFile(sub, name)
			if err != nil {
				return err
			}
			sum := sha256.Sum256(b)
			s.sums[name] = hex.EncodeToString(sum[:6])
			return nil
		})
	})
}

// assetURL returns the fingerprinted URL of a static file,
// "/static/site.css?v=3f2a…": it changes with the file's content, so it
// can be cached for a year.
func assetURL(name string) string {
	static.load()
	if sum, ok := static.sums[name]; ok {
		return "/static/" + name + "?v=" + sum
	}
	return "/static/" + name
}

// staticAssets serves the static files (mounted under /static/) with an
// ETag and Last-Modified; a fingerprinted URL whose ?v= is the file's
// fingerprint is cached for a year as immutable, any other for an hour.
func staticAssets() http.Handler {
	static.load()
	sub, _ := fs.Sub(assets, "static")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
		sum, ok := static.sums[name]
		f, err := sub.Open(name)
		if !ok || err != nil {
			http.NotFound(w, r)
			return
		}
		defer f.Close()
		rs, ok := f.(io.ReadSeeker)
		if !ok {
			http.Error(w, "static file not seekable", http.StatusInternalServerError)
			return
		}
		h := w.Header()
		h.Set("Cache-Control", "public, max-age=3600")
		if r.URL.Query().Get("v") == sum {
			h.Set("Cache-Control", "public, max-age=31536000, immutable")
		}
		h.Set("ETag", `"`+sum+`"`)
		// Embedded files have no modification time: the server's start
		// stands for it, so that clients can revalidate by date too.
		http.ServeContent(w, r, name, static.start, rs)
	})
}

// favicon serves the site's icon at /favicon.ico, where browsers look
// for it without a link.
func favicon(w http.ResponseWriter, r *http.Request) {
	r2 := r.Clone(r.Context())
	r2.URL.Path, r2.URL.RawQuery = "favicon.svg", "v="+static.sums["favicon.svg"]
	staticAssets().ServeHTTP(w, r2)
}
