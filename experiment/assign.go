package experiment

import (
	"errors"
	"fmt"
	"time"
)

// Buckets is the number of buckets units are hashed into; arm weights are
// in basis points, so one bucket is one basis point of traffic.
const Buckets = 10_000

// FNV-1a 32-bit parameters (http://www.isthe.com/chongo/tech/comp/fnv/).
const (
	fnvOffset32 = 2166136261
	fnvPrime32  = 16777619
)

// Hash returns the 32-bit FNV-1a hash of the bytes salt + ":" + unitID: the
// UTF-8 bytes of salt, the single byte 0x3A, then the UTF-8 bytes of unitID,
// as Go stores them, with no normalisation (unit ids are opaque; "é" as one
// code point and as e + combining accent are different units). GrowthBook
// hashes the same way (FNV-1a 32 of seed and id), but its byte string and
// bucket arithmetic differ, so the buckets are not GrowthBook's.
func Hash(salt, unitID string) uint32 {
	h := uint32(fnvOffset32)
	for i := 0; i < len(salt); i++ {
		h ^= uint32(salt[i])
		h *= fnvPrime32
	}
	h ^= ':'
	h *= fnvPrime32
	for i := 0; i < len(unitID); i++ {
		h ^= uint32(unitID[i])
		h *= fnvPrime32
	}
	return h
}

// Bucket returns Hash(salt, unitID) mod Buckets, in [0, 10000).
//
// A caveat of FNV-1a: its low bits depend only on the low bits of the input
// bytes, and since 16 divides 10,000, a unit's bucket mod 16 under one salt
// is a fixed function of its bucket mod 16 under another. Arms are
// contiguous bucket ranges, so this does not correlate arms across phases
// or experiments (TestPhasesIndependent checks it); never assign arms by
// bucket residues.
func Bucket(salt, unitID string) int {
	return int(Hash(salt, unitID) % Buckets)
}

// Arm is one variant of an experiment.
type Arm struct {
	Name string `json:"name"`
	// Weight is the arm's share of traffic in basis points (1/10,000).
	Weight int `json:"weight"`
}

// Phase is a period of an experiment with fixed weights and its own salt.
// Changing weights within a phase would move units between arms and mix
// populations that arrived under different splits, so a weight change
// starts a new phase, with a new salt that re-randomises every unit, and
// each phase is analysed on its own.
type Phase struct {
	Salt  string    `json:"salt"`
	Start time.Time `json:"start"`
	// Arms take consecutive bucket ranges in order: the first arm gets
	// buckets [0, w₀), the next [w₀, w₀+w₁), and so on. The first arm is the
	// control in reports. Weights may sum to less than 10,000: units in the
	// remaining buckets are not enrolled (a holdout, or a partial rollout).
	Arms []Arm `json:"arms"`
}

// Validate reports whether p is usable: a salt, at least two arms with
// distinct non-empty names, non-negative weights summing to between 1 and
// 10,000 basis points.
func (p Phase) Validate() error {
	if p.Salt == "" {
		return errors.New("experiment: phase without a salt")
	}
	if len(p.Arms) < 2 {
		return fmt.Errorf("experiment: phase %q has %d arms, want at least 2", p.Salt, len(p.Arms))
	}
	seen := make(map[string]bool, len(p.Arms))
	sum := 0
	for _, a := range p.Arms {
		if a.Name == "" {
			return fmt.Errorf("experiment: phase %q has an arm without a name", p.Salt)
		}
		if seen[a.Name] {
			return fmt.Errorf("experiment: phase %q has two arms named %q", p.Salt, a.Name)
		}
		seen[a.Name] = true
		if a.Weight < 0 || a.Weight > Buckets {
			return fmt.Errorf("experiment: arm %q has weight %d, want 0 to %d basis points", a.Name, a.Weight, Buckets)
		}
		sum += a.Weight
	}
	if sum < 1 || sum > Buckets {
		return fmt.Errorf("experiment: phase %q weights sum to %d, want 1 to %d basis points", p.Salt, sum, Buckets)
	}
	return nil
}

// Assign returns the arm of unitID in this phase, and false if the unit
// falls in the buckets left unenrolled. It is a pure function of the salt,
// the weights and the id: the same on every replica and after restarts.
func (p Phase) Assign(unitID string) (arm string, ok bool) {
	i := p.arm(Bucket(p.Salt, unitID))
	if i < 0 {
		return "", false
	}
	return p.Arms[i].Name, true
}

func (p Phase) arm(bucket int) int {
	upper := 0
	for i, a := range p.Arms {
		upper += a.Weight
		if bucket < upper {
			return i
		}
	}
	return -1
}

// Experiment is a named experiment and its phases, oldest first; the last
// phase is the current one.
type Experiment struct {
	Key    string  `json:"key"`
	Phases []Phase `json:"phases"`
}

// New returns an experiment with its first phase.
func New(key string, first Phase) (*Experiment, error) {
	e := &Experiment{Key: key, Phases: []Phase{first}}
	if err := e.Validate(); err != nil {
		return nil, err
	}
	return e, nil
}

// Validate reports whether e is usable: a key, at least one phase, every
// phase valid, salts never reused (a reused salt would bring back an old
// assignment) and phases in order of start.
func (e *Experiment) Validate() error {
	if e.Key == "" {
		return errors.New("experiment: experiment without a key")
	}
	if len(e.Phases) == 0 {
		return fmt.Errorf("experiment: %q has no phase", e.Key)
	}
	salts := make(map[string]bool, len(e.Phases))
	for i, p := range e.Phases {
		if err := p.Validate(); err != nil {
			return fmt.Errorf("%s phase %d: %w", e.Key, i, err)
		}
		if salts[p.Salt] {
			return fmt.Errorf("experiment: %q phase %d reuses salt %q", e.Key, i, p.Salt)
		}
		salts[p.Salt] = true
		if i > 0 && p.Start.Before(e.Phases[i-1].Start) {
			return fmt.Errorf("experiment: %q phase %d starts before phase %d", e.Key, i, i-1)
		}
	}
	return nil
}

// Current returns the current phase and its index.
func (e *Experiment) Current() (Phase, int) {
	n := len(e.Phases) - 1
	return e.Phases[n], n
}

// NewPhase starts a new phase, which must have a salt not used before (see
// Phase) and must not start before the current one. Use it for every change
// of weights or arms.
func (e *Experiment) NewPhase(p Phase) error {
	next := &Experiment{Key: e.Key, Phases: append(e.Phases[:len(e.Phases):len(e.Phases)], p)}
	if err := next.Validate(); err != nil {
		return err
	}
	e.Phases = next.Phases
	return nil
}

// Assignment is a unit's place in an experiment.
type Assignment struct {
	Experiment string `json:"experiment"`
	Phase      int    `json:"phase"`
	Bucket     int    `json:"bucket"`
	Arm        string `json:"arm"`
}

// Assign returns unitID's assignment in the current phase, and false if the
// unit is not enrolled in it.
func (e *Experiment) Assign(unitID string) (Assignment, bool) {
	p, n := e.Current()
	b := Bucket(p.Salt, unitID)
	i := p.arm(b)
	if i < 0 {
		return Assignment{Experiment: e.Key, Phase: n, Bucket: b}, false
	}
	return Assignment{Experiment: e.Key, Phase: n, Bucket: b, Arm: p.Arms[i].Name}, true
}
