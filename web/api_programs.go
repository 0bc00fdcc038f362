package web

import (
	_ "embed"
	"encoding/csv"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	careerpath "github.com/careerpath/careerpath"
)

// programsJSON serves GET /api/v1/programs: the finder across all
// programs, or those of ?career=. Query parameters are those of
// parseProgramQuery, plus career and format (csv or json to export the
// whole result set, up to careerpath.MaxExportRows, instead of one page).
func (s *Server) programsJSON(w http.ResponseWriter, r *http.Request) error {
	return s.programsAPI(w, r, params{Values: r.URL.Query()})
}

// programsAPI is programsJSON reading its parameters from q.
func (s *Server) programsAPI(w http.ResponseWriter, r *http.Request, q params) error {
	f, err := parseProgramParams(q)
	if err != nil {
		return err
	}
	if slug := q.Get("career"); slug != "" {
		if _, err := s.svc.Guides.FindGuide(r.Context(), slug); err != nil {
			return careerpath.Errorf(careerpath.EINVALID, "Parameter career: no career %q.", slug)
		}
		f.Career = slug
	}
	return s.programsResult(w, r, q, f)
}

// careerProgramsJSON serves GET /api/v1/careers/{slug}/programs: the
// programs that prepare for the career, strong and related (or strong only
// with relevance=strong).
func (s *Server) careerProgramsJSON(w http.ResponseWriter, r *http.Request) error {
	g, err := s.svc.Guides.FindGuide(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	q := params{Values: r.URL.Query()}
	f, err := parseProgramParams(q)
	if err != nil {
		return err
	}
	f.Career = g.Slug
	return s.programsResult(w, r, q, f)
}

func (s *Server) programsResult(w http.ResponseWriter, r *http.Request, q params, f careerpath.ProgramFilter) error {
	switch format := q.Get("format"); format {
	case "":
		page, err := s.svc.Programs.FindPrograms(r.Context(), f)
		if err != nil {
			return err
		}
		withCosts(page.Items, f.Resident)
		return writeJSON(w, http.StatusOK, page)
	case "csv", "json":
		return s.export(w, r, f, format)
	default:
		return careerpath.Errorf(careerpath.EINVALID, "Parameter format: want csv or json (or none for one page), got %q.", format)
	}
}

// export writes the result set of f, in its sort, up to
// careerpath.MaxExportRows, from one query. The headers X-Total-Count and
// X-Export-Limit say how many programs match and how many an export
// holds; X-Export-Truncated is "true" when some were left out.
func (s *Server) export(w http.ResponseWriter, r *http.Request, f careerpath.ProgramFilter, format string) error {
	f.Export, f.Page, f.PerPage = true, 1, careerpath.MaxExportRows
	page, err := s.svc.Programs.FindPrograms(r.Context(), f)
	if err != nil {
		return err
	}
	withCosts(page.Items, f.Resident)
	total, items := page.Total, page.Items
	truncated := total > len(items)
	h := w.Header()
	h.Set("X-Total-Count", strconv.Itoa(total))
	h.Set("X-Export-Limit", strconv.Itoa(careerpath.MaxExportRows))
	h.Set("X-Export-Truncated", strconv.FormatBool(truncated))
	name := "programs"
	if f.Career != "" {
		name = f.Career + "-programs"
	}
	if format == "json" {
		h.Set("Content-Disposition", `attachment; filename="`+name+`.json"`)
		return writeJSON(w, http.StatusOK, map[string]any{
			"total": total, "exported": len(items), "limit": careerpath.MaxExportRows, "truncated": truncated, "items": items,
		})
	}
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="`+name+`.csv"`)
	cw := safeCSV{csv.NewWriter(w)}
	cw.Write(exportHeader)
	for _, m := range items {
		cw.Write(exportRow(&m))
	}
	cw.Flush()
	return cw.Error()
}

// safeCSV writes CSV that spreadsheets open as data: a cell that starts
// with =, +, -, @, a tab or a carriage return (a formula to Excel,
// LibreOffice and Google Sheets) gets a leading apostrophe, as OWASP
// recommends for CSV injection; plain numbers ("-3.5") are kept.
type safeCSV struct{ *csv.Writer }

func (w safeCSV) Write(record []string) error {
	for i, cell := range record {
		record[i] = csvCell(cell)
	}
	return w.Writer.Write(record)
}

func csvCell(cell string) string {
	if cell == "" || !strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return cell
	}
	if _, err := strconv.ParseFloat(cell, 64); err == nil {
		return cell
	}
	return "'" + cell
}

// programJSON serves GET /api/v1/programs/{id}, with its relevance to
// ?career= if given.
func (s *Server) programJSON(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		return careerpath.Errorf(careerpath.EINVALID, "Parameter id: want a program ID (a whole number), got %q.", r.PathValue("id"))
	}
	career := r.URL.Query().Get("career")
	if career != "" {
		if _, err := s.svc.Guides.FindGuide(r.Context(), career); err != nil {
			return careerpath.Errorf(careerpath.EINVALID, "Parameter career: no career %q.", career)
		}
	}
	p, err := s.svc.Programs.FindProgram(r.Context(), id, career)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, p)
}

// openapiJSON serves the OpenAPI 3 description of the whole API.
func (s *Server) openapiJSON(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, err := fmt.Fprint(w, openapiDoc)
	return err
}

// openapiDoc is the hand-written OpenAPI 3 document of the API; a test
// checks that it lists every /api/v1 route of routes.go.
//
//go:embed openapi.json
var openapiDoc string
