package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	careerpath "github.com/careerpath/careerpath"
)

// Undoing a decision: the finder drops the overrides it set and applies
// the computed relevance again (careerpath.Override). The label stays, as
// every label does.

// overridesChanged tells the finder that the override log grew.
func (s *Server) overridesChanged(ctx context.Context) {
	if s.svc.OverridesChanged != nil {
		s.svc.OverridesChanged(ctx)
	}
}

func (s *Server) undoDecision(ctx context.Context, id int64, editor, note string) ([]*careerpath.Override, error) {
	rs, err := s.reviewService()
	if err != nil {
		return nil, err
	}
	undone, err := rs.UndoDecision(ctx, id, editor, strings.TrimSpace(note))
	if err != nil {
		return nil, err
	}
	s.log.Info("decision undone", "item", id, "editor", editor, "overrides", len(undone))
	auditNote(ctx, "%d override(s) withdrawn", len(undone))
	s.overridesChanged(ctx)
	return undone, nil
}

// undoForm serves POST /admin/review/{id}/undo.
func (s *Server) undoForm(w http.ResponseWriter, r *http.Request) error {
	return s.formAction(w, r, "/admin/review", func(editor string) (string, error) {
		id, err := reviewID(r)
		if err != nil {
			return "", err
		}
		if _, err := s.undoDecision(r.Context(), id, editor, r.PostFormValue("note")); err != nil {
			return "", err
		}
		return fmt.Sprintf("The decision on item %d is undone: the finder shows the computed relevance again within seconds.", id), nil
	})
}

// undoJSON serves POST /api/v1/admin/review/{id}/undo with an optional
// body {"note": "…"}: the overrides withdrawn, as undo changes of the log.
func (s *Server) undoJSON(w http.ResponseWriter, r *http.Request) error {
	var body struct{ Note string }
	return s.apiAction(w, r, http.StatusOK, &body, func(editor string) (any, error) {
		id, err := reviewID(r)
		if err != nil {
			return nil, err
		}
		undone, err := s.undoDecision(r.Context(), id, editor, body.Note)
		return map[string]any{"undone": undone}, err
	})
}

// generationer is a program service whose answers change only when its
// generation does (search.Service).
type generationer interface{ Generation() uint64 }

// finderGeneration returns the generation of the finder's index, 0 when
// the service does not tell: pages then keep for defaultPageTTL.
func (s *Server) finderGeneration() uint64 {
	if g, ok := s.svc.Programs.(generationer); ok {
		return g.Generation()
	}
	return 0
}

// decidedMessage says what a decision does, for the editor who made it.
func decidedMessage(id int64, l *careerpath.Label) string {
	if l.Relevance != "" {
		return fmt.Sprintf("Item %d decided: the finder shows the program as %s for this career within seconds. Undo it under Latest decisions.",
			id, careerpath.RelevanceWords(l.Relevance))
	}
	return fmt.Sprintf("Item %d decided: the finder uses the field of study %s within seconds.", id, l.CIP)
}
