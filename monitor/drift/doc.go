// Package drift measures how far the distribution of a model input or output
// in production has moved from its distribution at training time.
//
// The reference distribution is a Histogram whose bins are fixed at training
// time and stored with the model as JSON (see Histogram for the numeric and
// categorical bin conventions, and QuantileEdges for choosing numeric cut
// points). On the request path, monitoring is only counting: a Numeric or
// Categorical histogram with the reference's bins is updated with one atomic
// add per observation. In the background, each window is drained and
// compared with the reference by Compare, which returns every statistic and
// a status (ok, warn, alert); a Tracker raises an alert only when drift is
// sustained over several consecutive windows.
//
// The statistics follow Evidently's definitions so that the numbers mean what
// users of that tool expect (../../shared/docs/ML-NOTES.md): PSI, the
// Jensen–Shannon distance (natural log), the Hellinger distance, chi-square
// goodness of fit of the window against the reference proportions, the
// two-sample Kolmogorov–Smirnov statistic with the asymptotic Kolmogorov
// p-value, and the normed Wasserstein distance. Each function documents its
// formula and its handling of empty bins.
//
// The package lives under monitor/ because drift is part of monitoring, but
// apart from it because it is pure: the relevance package imports it at
// training time to build reference histograms, without the Prometheus and
// HTTP dependencies that the monitor package's wiring brings.
package drift
