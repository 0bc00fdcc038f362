// Package monitor watches the classifier in production: it keeps the
// model's inputs and outputs honest against the reference it was trained
// with, and the service's latency in view.
//
// Four features are monitored (see Features): the confidence of the top
// prediction, the predicted field family (2-digit CIP series, "unknown"
// below classify.MinConfidence), the length of the program name, and the
// share of its field words the model does not know. At training time
// BuildReference computes their histograms over a reference sample of
// catalog-style names (the bundled training file, never the evaluation
// set), with bins fixed then, and the registry stores them with the
// version.
//
// On the request path the model is wrapped (Monitor.Wrap) so that every
// prediction — through the classify API and catalog imports alike — adds
// one to a fixed bin of each feature's live histogram, keyed by the
// serving version, and to Prometheus histograms of latency and
// confidence: atomic adds, no locks, no allocation. Route latency goes to
// fixed-bin histograms (Latency) the same way.
//
// In the background (Monitor.Run) each window (a minute by default) is
// drained; a window with too few observations is extended until it has
// enough. A closed window is compared with the reference per feature by
// drift.Thresholds.Compare (PSI, Jensen–Shannon distance and chi-square as
// ML-NOTES.md defines them; status ok, warn or alert by Evidently's
// thresholds), each feature's drift.Tracker turns statuses into an alert
// only when drift is sustained over several windows, and the report is
// kept in a bounded ring, persisted, and exported as Prometheus gauges.
//
// Each imported catalog is compared as one window of its own with the
// champion's reference (Catalogs), and the import summary carries the
// result.
//
// The statistics themselves live in the pure package monitor/drift.
package monitor
