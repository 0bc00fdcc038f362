package careerpath

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"regexp"
	"slices"
	"time"

	"github.com/careerpath/careerpath/experiment"
)

// Experiment statuses.
const (
	ExperimentRunning = "running"
	ExperimentStopped = "stopped"
)

// Kinds of experiment events: what a visitor did with a program after
// seeing the finder's ranking.
const (
	EventClick     = "click"     // opened a program from the finder
	EventShortlist = "shortlist" // added a program to the shortlist
	EventCompare   = "compare"   // compared programs
)

// EventKinds lists the kinds of experiment events.
func EventKinds() []string { return []string{EventClick, EventShortlist, EventCompare} }

// Rankings are the arms a finder experiment may have: each names the sort
// the finder uses by default for the visitors in the arm.
func Rankings() []string { return []string{SortRelevance, SortBest, SortRelevanceScore, SortOutcomes} }

// Experiment is an A/B experiment on the finder's default ranking: its arms
// are rankings (see Rankings), the metric the event kind whose share of
// visitors it compares.
type Experiment struct {
	Key         string            `json:"key"`
	Description string            `json:"description"`
	Metric      string            `json:"metric"`
	Status      string            `json:"status"`
	CreatedAt   time.Time         `json:"created_at"`
	CreatedBy   string            `json:"created_by"`
	Phases      []ExperimentPhase `json:"phases"` // oldest first; the last is current
}

// ExperimentPhase is a period of an experiment with fixed weights and its
// own salt (see experiment.Phase): a weight change starts a new phase.
type ExperimentPhase struct {
	Number    int              `json:"number"` // 0 for the first phase
	Salt      string           `json:"salt"`
	Arms      []experiment.Arm `json:"arms"`
	StartedAt time.Time        `json:"started_at"`
	EndedAt   *time.Time       `json:"ended_at,omitempty"`
	Plan      experiment.Plan  `json:"plan"`
}

// Current returns the current phase, or nil for an experiment without one.
func (e *Experiment) Current() *ExperimentPhase {
	if len(e.Phases) == 0 {
		return nil
	}
	return &e.Phases[len(e.Phases)-1]
}

// Phase returns the assignment rule of the phase.
func (p *ExperimentPhase) Phase() experiment.Phase {
	return experiment.Phase{Salt: p.Salt, Start: p.StartedAt, Arms: p.Arms}
}

var experimentKey = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,62}$`)

// ValidateExperiment checks what an editor gives to create an experiment
// or start a phase: the key, the metric and the arms. Problems are
// EINVALID errors naming the field.
func ValidateExperiment(key, metric string, arms []experiment.Arm) error {
	if !experimentKey.MatchString(key) {
		return Errorf(EINVALID, "key: want 1 to 63 lower-case letters, digits and dashes, not %q.", key)
	}
	if !slices.Contains(EventKinds(), metric) {
		return Errorf(EINVALID, "metric: want one of %v, not %q.", EventKinds(), metric)
	}
	return ValidateArms(arms)
}

// ValidateArms checks the arms of a new phase: at least two, each a
// ranking of Rankings, weights in basis points summing to at most 10,000.
func ValidateArms(arms []experiment.Arm) error {
	for _, a := range arms {
		if !slices.Contains(Rankings(), a.Name) {
			return Errorf(EINVALID, "arms: %q is not a ranking; want one of %v.", a.Name, Rankings())
		}
	}
	p := experiment.Phase{Salt: "check", Arms: arms}
	if err := p.Validate(); err != nil {
		return Errorf(EINVALID, "arms: %v.", err)
	}
	return nil
}

// ExperimentExposure records that a visitor saw the ranking of an arm.
type ExperimentExposure struct {
	Experiment string
	Phase      int
	Visitor    string
	Arm        string
	At         time.Time
}

// ExperimentEvent is something an exposed visitor did (see EventKinds).
type ExperimentEvent struct {
	Experiment string
	Phase      int
	Visitor    string
	Arm        string
	Kind       string
	ProgramID  int64
	At         time.Time
}

// EventRepeatWindow is how close in time two events of a visitor, of one
// kind on one program in one phase, count as one action: a click in the
// finder is sent by the page's script and seen again by the server when
// the program's page loads (its no-JS path), within a second or two, and
// possibly by two replicas. Stores de-duplicate by a key in the database
// (LogExperiment), so the rule holds across replicas.
const EventRepeatWindow = 10 * time.Second

// ExperimentService stores experiments, their phases and what was logged.
type ExperimentService interface {
	// CreateExperiment stores a new running experiment with its first
	// phase, whose arms and plan e.Phases[0] gives; the service picks the
	// salt and times. A key in use is ECONFLICT.
	CreateExperiment(ctx context.Context, e *Experiment) error
	// FindExperiments returns every experiment with its phases, by key.
	FindExperiments(ctx context.Context) ([]*Experiment, error)
	// FindExperiment returns one experiment, or ENOTFOUND.
	FindExperiment(ctx context.Context, key string) (*Experiment, error)
	// StartExperimentPhase ends the current phase of a running experiment
	// and starts a new one with the arms and plan, under a salt never used
	// before.
	StartExperimentPhase(ctx context.Context, key string, arms []experiment.Arm, plan experiment.Plan) (*Experiment, error)
	// StopExperiment ends the current phase and stops the experiment.
	StopExperiment(ctx context.Context, key string) (*Experiment, error)

	// LogExperiment stores exposures and events in one transaction; an
	// exposure already stored for the visitor and phase is ignored, and so
	// is an event less than EventRepeatWindow from one stored for the same
	// visitor, phase, kind and program, whichever replica stored it.
	LogExperiment(ctx context.Context, exposures []ExperimentExposure, events []ExperimentEvent) error
	// ExposedArm returns the arm a visitor was exposed to in a phase, or
	// "" if the visitor was not exposed.
	ExposedArm(ctx context.Context, key string, phase int, visitor string) (string, error)
	// ExperimentCounts returns, for each arm of a phase in the phase's
	// order, the exposed units, the units with an event of the metric and
	// the events of the metric.
	ExperimentCounts(ctx context.Context, key string, phase int) ([]experiment.ArmCounts, error)
	// SaveExperimentReport keeps the report of a phase for a day
	// (YYYY-MM-DD), replacing that day's; LastExperimentReport returns the
	// latest kept before the day, or nil.
	SaveExperimentReport(ctx context.Context, day string, r *experiment.Report) error
	LastExperimentReport(ctx context.Context, key string, phase int, before string) (*experiment.Report, error)
	// DeleteExperimentLogs deletes the exposures and events of phases that
	// ended before the time, and returns how many rows went.
	DeleteExperimentLogs(ctx context.Context, endedBefore time.Time) (int64, error)
}

// NewPhaseSalt returns the salt of phase n of an experiment: the key, the
// number and 64 random bits, so that no salt is ever used twice.
func NewPhaseSalt(key string, n int) string {
	var r [8]byte
	rand.Read(r[:]) // never fails (crypto/rand since Go 1.24)
	return fmt.Sprintf("%s/%d/%s", key, n, hex.EncodeToString(r[:]))
}

// ZeroCounts returns the counts of a phase's arms, in the phase's order,
// with nothing counted yet, and the index of each arm by name.
func (p *ExperimentPhase) ZeroCounts() ([]experiment.ArmCounts, map[string]int) {
	out := make([]experiment.ArmCounts, len(p.Arms))
	idx := map[string]int{}
	for i, a := range p.Arms {
		out[i] = experiment.ArmCounts{Arm: a.Name, Weight: a.Weight}
		idx[a.Name] = i
	}
	return out, idx
}
