package careerpath

import "context"

// Kinds of change a store announces to every replica sharing it
// (ChangeListener), so that each re-reads that part at once instead of
// at its next poll.
const (
	// ChangeModel: an alias of the model registry moved (a promotion, a
	// rollback): registry.Live re-reads it.
	ChangeModel = "model"
	// ChangeCatalog: what the finder holds of the provider catalogs
	// changed (an import, a replacement, entries classified, an editor's
	// field of study): search.Updater re-reads the catalog stamp.
	ChangeCatalog = "catalog"
	// ChangeOverride: an editor's decision was published in the finder or
	// undone: search.Overlay reads the new overrides.
	ChangeOverride = "override"
	// ChangeExperiment: an experiment was created or stopped, or started a
	// phase: the tracker re-reads the running phase.
	ChangeExperiment = "experiment"
	// ChangeData: a new open-data release was imported: the finder and the
	// guides' figures are rebuilt from it.
	ChangeData = "data"
	// ChangeAny: the listener may have missed changes (it reconnected):
	// re-read everything.
	ChangeAny = "any"
)

// ChangeKinds lists the kinds of change a store announces, without
// ChangeAny.
func ChangeKinds() []string {
	return []string{ChangeModel, ChangeCatalog, ChangeOverride, ChangeExperiment, ChangeData}
}

// A ChangeListener tells of the changes that any replica writes to a
// shared store. Stores that cannot (SQLite) do not implement it: their
// readers poll.
type ChangeListener interface {
	// Listen calls fn with the kind of each change committed, from one
	// goroutine, until ctx is done; it returns ctx's error. When the
	// connection it listens on breaks, it reconnects and then calls fn
	// with ChangeAny, as changes may have been missed meanwhile.
	Listen(ctx context.Context, fn func(kind string)) error
}
