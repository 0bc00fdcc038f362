package search

import (
	"context"
	"testing"

	careerpath "github.com/careerpath/careerpath"
)

// TestServiceStarting: before its first index, the service answers
// "unavailable" (HTTP 503) rather than failing or blocking.
func TestServiceStarting(t *testing.T) {
	s := NewService(nil)
	if _, err := s.FindPrograms(context.Background(), careerpath.ProgramFilter{}); careerpath.ErrorCode(err) != careerpath.EUNAVAILABLE {
		t.Errorf("FindPrograms before the index: error %v, want EUNAVAILABLE", err)
	}
	if _, err := s.FindProgram(context.Background(), 1, ""); careerpath.ErrorCode(err) != careerpath.EUNAVAILABLE {
		t.Errorf("FindProgram before the index: error %v, want EUNAVAILABLE", err)
	}
}
