package web

import (
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/catalog"
)

// maxCatalogBody bounds a catalog upload, as sent (gzipped or not); the
// parser bounds it again after decompression.
const maxCatalogBody = catalog.DefaultMaxBytes

// requireAdmin checks the request's bearer token against the admin token.
// Without a token configured the admin API is off for everyone (403: no
// credential could help); without an Authorization header the answer is
// 401, with a wrong token 403. Tokens are compared as SHA-256 digests in
// constant time, so neither their content nor their length leaks.
func (s *Server) requireAdmin(w http.ResponseWriter, r *http.Request) error {
	if s.svc.AdminToken == "" {
		return careerpath.Errorf(careerpath.EFORBIDDEN, "The admin API is disabled: start the server with CAREERPATH_ADMIN_TOKEN set.")
	}
	auth := r.Header.Get("Authorization")
	scheme, token, _ := strings.Cut(auth, " ")
	token = strings.TrimSpace(token)
	if auth == "" || !strings.EqualFold(scheme, "Bearer") || token == "" {
		w.Header().Set("WWW-Authenticate", `Bearer realm="careerpath admin"`)
		return careerpath.Errorf(careerpath.EUNAUTHORIZED, "This endpoint needs the admin token: send \"Authorization: Bearer TOKEN\".")
	}
	if !s.tokenOK(token) {
		return careerpath.Errorf(careerpath.EFORBIDDEN, "The admin token is not valid.")
	}
	return nil
}

// tokenOK reports whether token is the admin token (never when none is
// configured). Tokens are compared as SHA-256 digests in constant time,
// so neither their content nor their length leaks.
func (s *Server) tokenOK(token string) bool {
	return s.svc.AdminToken != "" && equalSecret(token, s.svc.AdminToken)
}

// equalSecret compares two secrets as SHA-256 digests in constant time.
func equalSecret(got, want string) bool {
	g, w := sha256.Sum256([]byte(got)), sha256.Sum256([]byte(want))
	return subtle.ConstantTimeCompare(g[:], w[:]) == 1
}

// importCatalog serves POST /api/v1/admin/catalogs?name=NAME: the body is
// a provider catalog (CSV or JSON Lines, maybe gzipped; the format comes
// from Content-Type, ?format= or the content). It answers 201 with the
// stored catalog; 400 with every problem if the file is invalid, 409 if
// the name is taken (add replace=1), 413 if the body is over the limit.
// Nothing is stored unless the whole catalog is valid.
func (s *Server) importCatalog(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.requireEditor(w, r); err != nil {
		return err
	}
	if s.svc.Catalogs == nil {
		return careerpath.Errorf(careerpath.ENOTFOUND, "This server does not import catalogs.")
	}
	q := r.URL.Query()
	name := strings.TrimSpace(q.Get("name"))
	if name == "" {
		return careerpath.Errorf(careerpath.EINVALID, "Parameter name: give the catalog a name, as in ?name=acme-2026.")
	}
	replace, err := boolParam(q.Get("replace"), "replace")
	if err != nil {
		return err
	}
	ignoreUnknown, err := boolParam(q.Get("ignore_unknown"), "ignore_unknown")
	if err != nil {
		return err
	}
	format := catalog.FormatOfMediaType(r.Header.Get("Content-Type"))
	if f := q.Get("format"); f != "" {
		if format, err = catalog.ParseFormat(f); err != nil {
			return careerpath.Errorf(careerpath.EINVALID, "Parameter format: want csv or jsonl.")
		}
	}
	tooLarge := careerpath.Errorf(careerpath.ETOOLARGE, "The catalog is larger than the limit of %d MiB; split it into smaller catalogs.", maxCatalogBody>>20)
	if r.ContentLength > maxCatalogBody {
		return tooLarge
	}
	known, err := s.svc.Catalogs.ProgramCIPCodes(r.Context())
	if err != nil {
		return err
	}
	body := http.MaxBytesReader(w, r.Body, maxCatalogBody)
	entries, err := catalog.Parse(body, catalog.Options{File: name, Format: format, KnownCIP: known, IgnoreUnknown: ignoreUnknown})
	var maxErr *http.MaxBytesError
	var perr *catalog.Error
	switch {
	case errors.As(err, &maxErr), errors.Is(err, catalog.ErrTooLarge):
		return tooLarge
	case errors.As(err, &perr):
		n := len(perr.Problems) + perr.More
		problems := perr.Problems
		if problems == nil {
			problems = []catalog.Problem{}
		}
		return writeJSON(w, http.StatusBadRequest, map[string]any{"error": map[string]any{
			"code":     careerpath.EINVALID,
			"message":  fmt.Sprintf("The catalog has %d %s; nothing was stored.", n, plural(n, "problem", "problems")),
			"problems": problems,
			"more":     perr.More,
		}})
	case err != nil:
		return err
	}

	who := "api:" + clientAddr(r)
	sum, err := s.svc.Catalogs.ImportCatalog(r.Context(), careerpath.CatalogImport{
		Name: name, SourceFile: "POST " + r.URL.Path, ImportedBy: who, Replace: replace, Entries: entries,
	})
	if err != nil {
		return err
	}
	s.log.Info("imported catalog", "name", sum.Name, "entries", sum.Entries, "with_cip", sum.WithCIP, "without_cip", sum.WithoutCIP, "replaced", sum.Replaced, "by", who)
	if s.svc.CatalogImported != nil {
		s.svc.CatalogImported(r.Context(), sum)
	}
	return writeJSON(w, http.StatusCreated, sum)
}

func boolParam(v, name string) (bool, error) {
	if v == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, careerpath.Errorf(careerpath.EINVALID, "Parameter %s: want true or false.", name)
	}
	return b, nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
