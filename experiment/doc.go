// Package experiment assigns units (anonymous visitors) to the arms of A/B
// experiments and analyses the results.
//
// Assignment is a pure function of a phase's salt and the unit id — the
// FNV-1a 32-bit hash of salt + ":" + id, modulo 10,000 buckets, arms taking
// consecutive bucket ranges by their weights in basis points — so a unit
// gets the same arm on every replica and after restarts, with no state to
// share. Changing weights starts a new Phase with a new salt.
//
// Analysis (Analyze) works on counts per arm and phase: a sample-ratio
// mismatch check (chi-square, flagged at p < 0.001), the fixed-horizon
// two-proportion z-test with confidence intervals of the difference and the
// relative lift, and the mixture sequential probability ratio test (mSPRT)
// of Johari et al., whose always-valid p-value may be read every day. A
// Report says which test applies: the fixed-horizon one only once the
// planned sample size is reached.
//
// The conventions and reference values are those of
// ../shared/docs/ML-NOTES.md (GrowthBook, Eppo, Statsig). The package has no
// storage and no HTTP: exposures and events are counted elsewhere.
package experiment
