package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
)

// cachedPage is a page rendered once: the guides and their figures change
// only with a new import or build, so their pages are rendered at start
// and served as bytes, gzipped in advance for clients that accept it.
type cachedPage struct {
	body, gz []byte
	etag     string
}

func newCachedPage(body []byte) (*cachedPage, error) {
	var b bytes.Buffer
	zw, err := gzip.NewWriterLevel(&b, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(body); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	sum := sha256.Sum256(body)
	return &cachedPage{body: body, gz: b.Bytes(), etag: `"` + hex.EncodeToString(sum[:8]) + `"`}, nil
}

func (p *cachedPage) serve(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("ETag", p.etag)
	h.Add("Vary", "Accept-Encoding")
	if r.Header.Get("If-None-Match") == p.etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		h.Set("Content-Encoding", "gzip")
		w.Write(p.gz)
		return
	}
	w.Write(p.body)
}

// renderCached renders a page to bytes for the cache.
func (s *Server) renderCached(page, path string, data map[string]any) (*cachedPage, error) {
	rec := &bufferWriter{header: http.Header{}}
	r, _ := http.NewRequest(http.MethodGet, path, nil)
	if err := s.render(rec, r, page, data); err != nil {
		return nil, err
	}
	return newCachedPage(rec.buf.Bytes())
}

// bufferWriter is a minimal http.ResponseWriter that keeps the body.
type bufferWriter struct {
	header http.Header
	buf    bytes.Buffer
}

func (b *bufferWriter) Header() http.Header         { return b.header }
func (b *bufferWriter) Write(p []byte) (int, error) { return b.buf.Write(p) }
func (b *bufferWriter) WriteHeader(int)             {}
