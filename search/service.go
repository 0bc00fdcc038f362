package search

import (
	"context"
	"sync/atomic"

	careerpath "github.com/careerpath/careerpath"
)

// Service implements careerpath.ProgramService over the current index.
// Swap replaces the index, after an import, while queries run: each query
// uses the index that was current when it started.
type Service struct {
	cur atomic.Pointer[Index]
}

var _ careerpath.ProgramService = (*Service)(nil)

// NewService returns a service answering from ix.
func NewService(ix *Index) *Service {
	s := &Service{}
	s.cur.Store(ix)
	return s
}

// Swap makes ix the current index and returns the previous one.
func (s *Service) Swap(ix *Index) *Index { return s.cur.Swap(ix) }

// Index returns the current index.
func (s *Service) Index() *Index { return s.cur.Load() }

// FindPrograms checks the filter and answers it from the current index.
func (s *Service) FindPrograms(ctx context.Context, f careerpath.ProgramFilter) (*careerpath.ProgramPage, error) {
	if err := f.Normalize(); err != nil {
		return nil, err
	}
	return s.cur.Load().Find(ctx, f)
}

// FindProgram returns one program from the current index.
func (s *Service) FindProgram(ctx context.Context, id int64, career string) (*careerpath.ProgramMatch, error) {
	return s.cur.Load().FindProgram(ctx, id, career)
}
