package careerpath

import (
	"context"
	"encoding/json"
	"time"
)

// Model aliases: the champion serves; a challenger is a candidate that
// passed the offline gate and may be shadowed or promoted.
const (
	AliasChampion   = "champion"
	AliasChallenger = "challenger"
)

// Registry event actions.
const (
	EventRegister = "register" // a version was stored
	EventPromote  = "promote"  // an alias was moved to a version
	EventRollback = "rollback" // the champion went back to the version it replaced
	EventRefuse   = "refuse"   // a candidate failed its gate and was not given an alias
	EventRemove   = "remove"   // an alias was cleared
	// A server started scoring live traffic with the challenger in
	// shadow, and the shadow's outcome (figures in Details).
	EventShadowStart  = "shadow_start"
	EventShadowResult = "shadow_result"
)

// ModelVersion is one trained classifier in the registry.
type ModelVersion struct {
	Version     string          `json:"version"` // "v1", "v2", …
	CreatedAt   time.Time       `json:"created_at"`
	Kind        string          `json:"kind"`        // model family, e.g. "tfidf-logreg"
	DataHash    string          `json:"data_hash"`   // SHA-256 of the training data
	Config      json.RawMessage `json:"config"`      // training configuration
	Seed        int64           `json:"seed"`        //
	SchemaHash  string          `json:"schema_hash"` // hash of the feature schema
	CodeVersion string          `json:"code_version"`
	Metrics     json.RawMessage `json:"metrics"`  // evaluation figures at registration
	Size        int             `json:"size"`     // artifact bytes
	Checksum    string          `json:"checksum"` // SHA-256 of the artifact
	// Reference holds the reference histograms of the monitored features,
	// computed at training time (package monitor); null for versions
	// trained before references were kept.
	Reference json.RawMessage `json:"reference,omitempty"`
	Aliases   []string        `json:"aliases,omitempty"`
}

// ModelEvent is an entry of the registry's append-only log.
type ModelEvent struct {
	ID      int64           `json:"id"`
	At      time.Time       `json:"at"`
	Actor   string          `json:"actor"`
	Action  string          `json:"action"`
	Alias   string          `json:"alias,omitempty"`
	From    string          `json:"from,omitempty"` // version the alias pointed to before
	To      string          `json:"to,omitempty"`   // version it points to after
	Reason  string          `json:"reason"`
	Details json.RawMessage `json:"details,omitempty"` // figures behind the decision
}

// ModelRegistry stores model versions, their aliases and the log of every
// alias move.
type ModelRegistry interface {
	// CreateModelVersion stores a new version with its artifact and
	// assigns v.Version; it logs a register event.
	CreateModelVersion(ctx context.Context, v *ModelVersion, artifact []byte, actor string) error
	FindModelVersions(ctx context.Context) ([]*ModelVersion, error)
	FindModelVersion(ctx context.Context, version string) (*ModelVersion, error)
	// ModelArtifact returns the artifact of a version, checked against its
	// checksum (EINVALID if it does not match).
	ModelArtifact(ctx context.Context, version string) ([]byte, error)
	// SetAlias points alias at version and logs the move.
	SetAlias(ctx context.Context, alias, version, actor, reason string, details json.RawMessage) (*ModelEvent, error)
	// Rollback points the champion back at the version it pointed to
	// before its last promotion, and logs it.
	Rollback(ctx context.Context, actor, reason string) (*ModelEvent, error)
	// MoveAlias is SetAlias only if alias points at from now ("" for
	// none): ECONFLICT if another process moved it first, so that servers
	// deciding the same promotion at once make one move.
	MoveAlias(ctx context.Context, alias, from, to, actor, reason string, details json.RawMessage) (*ModelEvent, error)
	// RollbackFrom is Rollback only if the champion is still version
	// (ECONFLICT otherwise), with the figures behind the decision in the
	// event, so that a guard watching one version never rolls back a
	// later one or walks further back after another guard's rollback.
	RollbackFrom(ctx context.Context, version, actor, reason string, details json.RawMessage) (*ModelEvent, error)
	// LogModelEvent appends an event that moves no alias (such as a
	// refused candidate).
	LogModelEvent(ctx context.Context, e *ModelEvent) error
	// Alias returns the version an alias points to, or ENOTFOUND.
	Alias(ctx context.Context, alias string) (string, error)
	FindModelEvents(ctx context.Context) ([]*ModelEvent, error)
}
