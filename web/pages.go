package web

import (
	"bytes"
	"embed"
	"fmt"
	careerpath "github.com/careerpath/careerpath"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/careerpath/careerpath/opendata"
)

//go:embed templates static
var assets embed.FS

// pages holds one template set per page, each the layout plus the page.
type pages struct {
	sets map[string]*template.Template
}

var funcs = template.FuncMap{
	"thousands":        thousands,
	"usd":              usd,
	"usdK":             usdK,
	"signedPct":        signedPct,
	"share":            share,
	"stat":             stat,
	"sourceLine":       sourceLine,
	"levelName":        levelName,
	"deref":            func(n *int) int { return *n },
	"dict":             dict,
	"derefF":           func(f *float64) float64 { return *f },
	"online":           careerpath.IsOnline,
	"webURL":           webURL,
	"pct":              func(f float64) float64 { return 100 * f },
	"int":              func(n uint64) int { return int(n) },
	"skillWhy":         skillWhy,
	"miles":            miles,
	"relWords":         careerpath.RelevanceWords,
	"years":            yearsText,
	"asset":            assetURL,
	"ratio":            func(v float64) string { return fmt.Sprintf("%.2f", v) },
	"tierTitle":        func(t string) string { return tierTitle[t] },
	"list":             func(s ...string) []string { return s },
	"phaseNo":          func(n int) int { return n + 1 }, // phases count from 0 in the API, from 1 for people
	"signedUSD":        func(v *float64) string { return signedUSD(*v) },
	"signedPts":        func(v *float64) string { return fmt.Sprintf("%+.1f percentage points", *v) },
	"similarityMethod": func() string { return careerpath.SimilarityMethod },
}

func loadPages() (*pages, error) {
	names, err := fs.Glob(assets, "templates/*.html")
	if err != nil {
		return nil, err
	}
	// templates/partials holds templates shared by pages.
	partials, err := fs.Glob(assets, "templates/partials/*.html")
	if err != nil {
		return nil, err
	}
	p := &pages{sets: map[string]*template.Template{}}
	for _, name := range names {
		base := path.Base(name)
		if base == "layout.html" {
			continue
		}
		files := append([]string{"templates/layout.html"}, partials...)
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(assets, append(files, name)...)
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", name, err)
		}
		p.sets[base] = t
	}
	return p, nil
}

// render executes the page into a buffer first, so that a template error
// never leaves a half-written page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, page string, data map[string]any) error {
	t, ok := s.pages.sets[page]
	if !ok {
		return fmt.Errorf("no page %q", page)
	}
	if data == nil {
		data = map[string]any{}
	}
	data["Attribution"] = opendata.ONETAttribution
	data["Path"] = r.URL.Path
	var buf bytes.Buffer
	if err := t.Execute(&buf, data); err != nil {
		return fmt.Errorf("render %s: %w", page, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, err := buf.WriteTo(w)
	return err
}

// fragment executes one named template of a page's set, for parts of pages
// rendered ahead of time.
func (s *Server) fragment(page, name string, data any) (template.HTML, error) {
	t, ok := s.pages.sets[page]
	if !ok {
		return "", fmt.Errorf("no page %q", page)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, name, data); err != nil {
		return "", fmt.Errorf("render %s of %s: %w", name, page, err)
	}
	return template.HTML(buf.String()), nil
}

// thousands formats n with thousands separators: 267595 → "267,595".
func thousands(n int) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// dict builds a map from alternating keys and values, to pass several
// values to a nested template.
func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, fmt.Errorf("dict: odd number of arguments")
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, fmt.Errorf("dict: key %v is not a string", kv[i])
		}
		m[k] = kv[i+1]
	}
	return m, nil
}

// webURL makes an institution's web address a link: IPEDS gives most
// without a scheme ("www.example.edu"). Done here rather than in the
// template, where a scheme added in one branch of an if leaves
// html/template unable to tell which part of the URL follows, and it
// refuses to render the page.
func webURL(u string) string {
	if strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "https://") {
		return u
	}
	return "https://" + u
}
