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
	gen atomic.Uint64 // counts swaps: pages rendered from an older index are stale
}

var _ careerpath.ProgramService = (*Service)(nil)

// errStarting answers queries before the first index is in place.
var errStarting = careerpath.Errorf(careerpath.EUNAVAILABLE, "The program finder is starting: its index is being built. Try again in a few seconds.")

// NewService returns a service answering from ix; with a nil ix it answers
// EUNAVAILABLE until Swap installs the first index, so that a server can
// listen while the index builds.
func NewService(ix *Index) *Service {
	s := &Service{}
	s.cur.Store(ix)
	return s
}

// Swap makes ix the current index and returns the previous one.
func (s *Service) Swap(ix *Index) *Index {
	defer s.gen.Add(1)
	return s.cur.Swap(ix)
}

// Generation returns a number that changes with every Swap, so that a
// cache of answers can tell that they are stale.
func (s *Service) Generation() uint64 { return s.gen.Load() }

// Index returns the current index.
func (s *Service) Index() *Index { return s.cur.Load() }

// FindPrograms checks the filter and answers it from the current index.
func (s *Service) FindPrograms(ctx context.Context, f careerpath.ProgramFilter) (*careerpath.ProgramPage, error) {
	if err := f.Normalize(); err != nil {
		return nil, err
	}
	ix := s.cur.Load()
	if ix == nil {
		return nil, errStarting
	}
	return ix.Find(ctx, f)
}

// FindProgram returns one program from the current index.
func (s *Service) FindProgram(ctx context.Context, id int64, career string) (*careerpath.ProgramMatch, error) {
	ix := s.cur.Load()
	if ix == nil {
		return nil, errStarting
	}
	return ix.FindProgram(ctx, id, career)
}
