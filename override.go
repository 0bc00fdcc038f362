package careerpath

import (
	"context"
	"fmt"
	"time"
)

// Override is an editor's decision as the program finder applies it: the
// relevance of a program for one career, or the field of study of a
// program (which changes its relevance for every career). Overrides are
// kept as an append-only log of changes, each with a version that the
// store increases with every change, so that every replica of the finder
// reads the same changes in the same order (OverrideService). A change
// with Undo set withdraws what the label LabelID set for the same program
// and career: the computed relevance applies again.
type Override struct {
	Version   int64  `json:"version"`
	ProgramID int64  `json:"program_id"`
	Career    string `json:"career,omitempty"` // "" for a field of study: every career
	// Relevance is the level set for Career; CIP the field of study set
	// for every career. One of the two is set.
	Relevance string    `json:"relevance,omitempty"`
	CIP       string    `json:"cip,omitempty"`
	LabelID   int64     `json:"label_id"`
	ReviewID  int64     `json:"review_id,omitempty"`
	Undo      bool      `json:"undo,omitempty"`
	Editor    string    `json:"editor"`
	Note      string    `json:"note,omitempty"`
	At        time.Time `json:"at"`
}

// key is what an override applies to: a later change for the same key
// replaces an earlier one.
type overrideKey struct {
	program int64
	career  string
}

func (o *Override) key() overrideKey { return overrideKey{o.ProgramID, o.Career} }

// Reason is the sentence the finder shows beside an overridden relevance:
// who decided (an editor, not which one: the public site names no
// editor), when and why.
func (o *Override) Reason(cipTitle string) string {
	var what string
	if o.Career == "" {
		if cipTitle == "" {
			cipTitle = "field of study"
		}
		what = fmt.Sprintf("set this program's field of study to %s (CIP %s)", cipTitle, o.CIP)
	} else {
		what = "set this to " + RelevanceWords(o.Relevance)
	}
	s := fmt.Sprintf("An editor %s on %s", what, o.At.UTC().Format("2006-01-02"))
	if o.Note != "" {
		return s + ": " + o.Note
	}
	return s + "."
}

// RelevanceWords names a relevance level for a sentence.
func RelevanceWords(level string) string {
	switch level {
	case RelevanceStrong:
		return "strongly relevant"
	case RelevanceRelated:
		return "related"
	}
	return "not relevant"
}

// Overrides is the state a log of override changes leads to: the
// overrides in effect. The zero value is empty; Apply takes changes in
// version order. It is not safe for concurrent use: the finder builds
// one per index.
type Overrides struct {
	version int64
	cur     map[overrideKey]*Override
}

// Apply takes in changes, oldest first; a change not newer than the
// last one applied is ignored, so that a poll may overlap the previous.
func (s *Overrides) Apply(changes []*Override) {
	if s.cur == nil {
		s.cur = map[overrideKey]*Override{}
	}
	for _, o := range changes {
		if o.Version <= s.version {
			continue
		}
		s.version = o.Version
		k := o.key()
		if !o.Undo {
			s.cur[k] = o
		} else if c := s.cur[k]; c != nil && c.LabelID == o.LabelID {
			delete(s.cur, k)
		}
	}
}

// Version returns the version of the last change applied, 0 for none.
func (s *Overrides) Version() int64 { return s.version }

// Len returns the number of overrides in effect.
func (s *Overrides) Len() int { return len(s.cur) }

// Relevance returns the relevance override of a program for a career,
// nil for none.
func (s *Overrides) Relevance(programID int64, career string) *Override {
	if career == "" {
		return nil
	}
	return s.cur[overrideKey{programID, career}]
}

// Field returns the field-of-study override of a program, nil for none.
func (s *Overrides) Field(programID int64) *Override {
	return s.cur[overrideKey{programID, ""}]
}

// Each calls fn with every override in effect, in no particular order.
func (s *Overrides) Each(fn func(*Override)) {
	for _, o := range s.cur {
		fn(o)
	}
}

// Clone returns a copy that Apply can change without changing s.
func (s *Overrides) Clone() *Overrides {
	c := &Overrides{version: s.version, cur: make(map[overrideKey]*Override, len(s.cur))}
	for k, o := range s.cur {
		c.cur[k] = o
	}
	return c
}

// OverrideService is the log of the finder's overrides.
type OverrideService interface {
	// OverridesSince returns the changes with a version above version,
	// oldest first: 0 returns the whole log.
	OverridesSince(ctx context.Context, version int64) ([]*Override, error)
}
