package web

import (
	"bufio"
	"compress/gzip"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

// gzipMinSize is the smallest body worth compressing: below it, gzip's
// header and the CPU cost more than they save.
const gzipMinSize = 512

// gzipTypes are the media types gzipResponses compresses.
var gzipTypes = []string{"text/html", "text/css", "text/javascript", "application/javascript", "application/json",
	"text/csv", "image/svg+xml", "text/plain"}

var gzipWriters = sync.Pool{New: func() any {
	zw, _ := gzip.NewWriterLevel(nil, gzip.DefaultCompression)
	return zw
}}

// gzipResponses compresses the responses of the compressible types
// (HTML, CSS, JavaScript, JSON, CSV, SVG, plain text) of at least
// gzipMinSize bytes for clients that accept gzip (content negotiation,
// q=0 honoured). Responses a handler encodes itself (the cached pages,
// /metrics) pass untouched. Every response of a compressible type says
// Vary: Accept-Encoding, so caches keep both forms apart.
func gzipResponses(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodHead {
			next.ServeHTTP(w, r)
			return
		}
		gw := &gzipWriter{ResponseWriter: w, accept: acceptsGzip(r.Header.Get("Accept-Encoding"))}
		defer gw.close()
		next.ServeHTTP(gw, r)
	})
}

// acceptsGzip reports whether an Accept-Encoding header accepts gzip.
func acceptsGzip(header string) bool {
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		name = strings.ToLower(strings.TrimSpace(name))
		if name != "gzip" && name != "*" {
			continue
		}
		q := 1.0
		for _, p := range strings.Split(params, ";") {
			if v, ok := strings.CutPrefix(strings.TrimSpace(p), "q="); ok {
				q, _ = strconv.ParseFloat(v, 64)
			}
		}
		return q > 0
	}
	return false
}

// gzipWriter holds back the first bytes of a response until it knows
// whether to compress it: a compressible type, not encoded already, a
// status with a body, and enough bytes.
type gzipWriter struct {
	http.ResponseWriter
	accept  bool
	status  int
	decided bool
	buf     []byte
	zw      *gzip.Writer
}

func (g *gzipWriter) WriteHeader(status int) {
	if g.status == 0 {
		g.status = status
	}
	if status < 200 || status == http.StatusNoContent || status == http.StatusNotModified {
		g.decide(false)
	}
}

func (g *gzipWriter) Write(p []byte) (int, error) {
	if g.status == 0 {
		g.status = http.StatusOK
	}
	if !g.decided {
		if len(g.buf)+len(p) < gzipMinSize {
			g.buf = append(g.buf, p...)
			return len(p), nil
		}
		g.decide(true)
	}
	if g.zw != nil {
		return g.zw.Write(p)
	}
	return g.ResponseWriter.Write(p)
}

// decide starts the response, compressed if big is true and the
// response qualifies, and writes what was held back.
func (g *gzipWriter) decide(big bool) {
	if g.decided {
		return
	}
	g.decided = true
	h := g.Header()
	// A range of the entity (206) must stay bytes of the entity.
	compressible := h.Get("Content-Encoding") == "" && h.Get("Content-Range") == "" && g.status != http.StatusPartialContent && g.compressibleType()
	if compressible && !strings.Contains(strings.Join(h.Values("Vary"), ","), "Accept-Encoding") {
		h.Add("Vary", "Accept-Encoding")
	}
	if compressible && big && g.accept {
		h.Set("Content-Encoding", "gzip")
		h.Del("Content-Length")
		if etag := h.Get("ETag"); etag != "" && !strings.HasPrefix(etag, "W/") {
			h.Set("ETag", "W/"+etag) // the gzipped bytes differ from the entity's
		}
		g.zw = gzipWriters.Get().(*gzip.Writer)
		g.zw.Reset(g.ResponseWriter)
	}
	if g.status != 0 {
		g.ResponseWriter.WriteHeader(g.status)
	}
	if len(g.buf) > 0 {
		held := g.buf
		g.buf = nil
		if g.zw != nil {
			g.zw.Write(held)
		} else {
			g.ResponseWriter.Write(held)
		}
	}
}

func (g *gzipWriter) compressibleType() bool {
	ct := g.Header().Get("Content-Type")
	if ct == "" && len(g.buf) > 0 {
		ct = http.DetectContentType(g.buf)
		g.Header().Set("Content-Type", ct)
	}
	for _, t := range gzipTypes {
		if strings.HasPrefix(ct, t) {
			return true
		}
	}
	return false
}

// close ends the response: what is held back goes out uncompressed.
func (g *gzipWriter) close() {
	g.decide(false)
	if g.zw != nil {
		g.zw.Close()
		gzipWriters.Put(g.zw)
		g.zw = nil
	}
}

// Flush sends what is written so far: held back bytes decide the
// response first.
func (g *gzipWriter) Flush() {
	g.decide(len(g.buf) >= gzipMinSize)
	if g.zw != nil {
		g.zw.Flush()
	}
	if f, ok := g.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Hijack lets a handler take over the connection.
func (g *gzipWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	if h, ok := g.ResponseWriter.(http.Hijacker); ok {
		return h.Hijack()
	}
	return nil, nil, http.ErrNotSupported
}

// Unwrap gives http.ResponseController the writer underneath.
func (g *gzipWriter) Unwrap() http.ResponseWriter { return g.ResponseWriter }
