// Package careerpath is the domain of the careerpath service: careers,
// programs, institutions, datasets and the statistics shown about them, and
// the interfaces that the storage, web and model packages implement.
//
// It imports neither net/http nor database/sql. Each technology lives in a
// package of its own (sqlite, web, opendata, ...) and talks to the others
// through the types defined here; cmd/careerpath wires them together.
package careerpath
