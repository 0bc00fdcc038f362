package web

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"

	careerpath "github.com/careerpath/careerpath"
)

// maxClassifyBody bounds a classify request (1 MiB: a thousand entries of
// about a kilobyte each); careerpath.MaxClassifyEntries bounds its entries.
const maxClassifyBody = 1 << 20

// classifyEntries serves POST /api/v1/careers/{slug}/classify: the body
// is a JSON array of catalog entries (institution, program, degree,
// format, city, country, description; other fields are ignored) and the
// answer the array of their classifications, in order, all from one
// model version (also in the X-Model-Version header). 404 for an unknown
// career, 400 for a body that is not such an array, 413 over the limits,
// 503 while no model is loaded.
func (s *Server) classifyEntries(w http.ResponseWriter, r *http.Request) error {
	g, err := s.svc.Guides.FindGuide(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	if s.svc.Classifier == nil {
		return careerpath.Errorf(careerpath.EUNAVAILABLE, "This server does not classify catalog entries.")
	}
	tooLarge := careerpath.Errorf(careerpath.ETOOLARGE, "Send at most %d entries and %d MiB per request; split larger catalogs, or classify them with \"careerpath classify\", which streams files of any size.",
		careerpath.MaxClassifyEntries, maxClassifyBody>>20)
	if r.ContentLength > maxClassifyBody {
		return tooLarge
	}
	entries, err := decodeEntries(http.MaxBytesReader(w, r.Body, maxClassifyBody))
	var maxErr *http.MaxBytesError
	switch {
	case errors.As(err, &maxErr), errors.Is(err, errTooManyEntries):
		return tooLarge
	case err != nil:
		return careerpath.Errorf(careerpath.EINVALID, "The body must be a JSON array of catalog entries, such as [{\"institution\": \"…\", \"program\": \"MSc Machine Learning\", \"degree\": \"Master's\"}]: %v.", err)
	}
	res, err := s.svc.Classifier.Classify(r.Context(), g.Slug, entries)
	if err != nil {
		return err
	}
	if len(res) > 0 {
		w.Header().Set("X-Model-Version", res[0].Model)
		var n [3]float64 // strong, related, none
		for _, c := range res {
			switch c.Level {
			case careerpath.RelevanceStrong:
				n[0]++
			case careerpath.RelevanceRelated:
				n[1]++
			default:
				n[2]++
			}
		}
		for i, level := range []string{careerpath.RelevanceStrong, careerpath.RelevanceRelated, careerpath.RelevanceNone} {
			if n[i] > 0 {
				s.metrics.classified.WithLabelValues(res[0].Model, level).Add(n[i])
			}
		}
	}
	return writeJSON(w, http.StatusOK, res)
}

var errTooManyEntries = errors.New("too many entries")

// decodeEntries reads a JSON array of entries, stopping as soon as there
// are more than careerpath.MaxClassifyEntries.
func decodeEntries(r io.Reader) ([]careerpath.CatalogText, error) {
	dec := json.NewDecoder(r)
	if tok, err := dec.Token(); err != nil {
		return nil, err
	} else if d, ok := tok.(json.Delim); !ok || d != '[' {
		return nil, errors.New("not an array")
	}
	entries := []careerpath.CatalogText{}
	for dec.More() {
		if len(entries) == careerpath.MaxClassifyEntries {
			return nil, errTooManyEntries
		}
		var e careerpath.CatalogText
		if err := dec.Decode(&e); err != nil {
			return nil, err
		}
		entries = append(entries, e)
	}
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("data after the array")
	}
	return entries, nil
}
