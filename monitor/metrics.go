package monitor

import (
	"github.com/careerpath/careerpath/monitor/drift"
	"github.com/prometheus/client_golang/prometheus"
)

// metrics are the monitor's Prometheus collectors; the HTTP server
// registers them (Collectors) beside its own.
type metrics struct {
	classifyLatency *prometheus.HistogramVec
	confidence      *prometheus.HistogramVec
	driftStatus     *prometheus.GaugeVec
	driftAlert      *prometheus.GaugeVec
	driftPSI        *prometheus.GaugeVec
	driftJS         *prometheus.GaugeVec
	importEntries   *prometheus.CounterVec
	imports         *prometheus.CounterVec
}

func newMetrics() *metrics {
	return &metrics{
		classifyLatency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "careerpath_classify_duration_seconds",
			Help:    "Time the classifier takes to predict one catalog entry, by model version.",
			Buckets: []float64{10e-6, 20e-6, 40e-6, 60e-6, 80e-6, 100e-6, 150e-6, 250e-6, 500e-6, .001, .0025, .01},
		}, []string{"model"}),
		confidence: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "careerpath_classify_confidence",
			Help:    "Probability of the classifier's top prediction, by model version.",
			Buckets: prometheus.LinearBuckets(0.1, 0.1, 9),
		}, []string{"model"}),
		driftStatus: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "careerpath_drift_status",
			Help: "Drift status of the last closed window per model version and feature: 0 ok, 1 warn, 2 alert.",
		}, []string{"model", "feature"}),
		driftAlert: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "careerpath_drift_alert",
			Help: "1 while drift of the feature has been sustained over several windows (the alert fires), else 0.",
		}, []string{"model", "feature"}),
		driftPSI: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "careerpath_drift_psi",
			Help: "Population stability index of the last closed window against the model's reference.",
		}, []string{"model", "feature"}),
		driftJS: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "careerpath_drift_js_distance",
			Help: "Jensen–Shannon distance (natural log) of the last closed window against the model's reference.",
		}, []string{"model", "feature"}),
		importEntries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "careerpath_catalog_import_entries_total",
			Help: "Entries of imported provider catalogs by outcome: with_cip, classified, held_for_review, pending_model.",
		}, []string{"outcome"}),
		imports: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "careerpath_catalog_imports_total",
			Help: "Imported provider catalogs by drift status against the champion's reference.",
		}, []string{"drift"}),
	}
}

// Collectors returns the monitor's Prometheus collectors, to register
// with the server's registry.
func (m *Monitor) Collectors() []prometheus.Collector {
	if m == nil {
		return nil
	}
	x := m.metrics
	return []prometheus.Collector{x.classifyLatency, x.confidence, x.driftStatus, x.driftAlert, x.driftPSI, x.driftJS, x.importEntries, x.imports}
}

// promObservers are a version's label values, resolved once so that the
// request path does no label lookup.
type promObservers struct {
	latency, confidence prometheus.Observer
}

func (x *metrics) observers(model string) promObservers {
	return promObservers{latency: x.classifyLatency.WithLabelValues(model), confidence: x.confidence.WithLabelValues(model)}
}

func (x *metrics) setDrift(model, feature string, r drift.Report, firing bool) {
	x.driftStatus.WithLabelValues(model, feature).Set(float64(r.Status))
	a := 0.0
	if firing {
		a = 1
	}
	x.driftAlert.WithLabelValues(model, feature).Set(a)
	x.driftPSI.WithLabelValues(model, feature).Set(r.PSI)
	x.driftJS.WithLabelValues(model, feature).Set(r.JSDistance)
}
