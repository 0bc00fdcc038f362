package web

import (
	"net/http"
)

// routes registers every route of the site, top to bottom.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	handle := func(pattern string, h handlerFunc) {
		mux.Handle(pattern, s.instrument(routeLabel(pattern), s.handle(s.guard(pattern, s.audited(pattern, h)))))
	}

	// Pages get the visitor cookie experiments assign by; the API does not.
	page := func(pattern string, h handlerFunc) { handle(pattern, s.withVisitor(h)) }
	page("GET /{$}", s.home)
	page("GET /careers", s.careersPage)
	page("GET /careers/{slug}", s.careerPage)
	page("GET /careers/{slug}/skills", s.careerSkillsPage)
	page("GET /careers/{slug}/from", s.fromPage)
	page("GET /programs", s.programsPage)
	page("GET /programs/compare", s.comparePage)
	page("GET /programs/{id}", s.programPage)
	page("GET /sources", s.sourcesPage)

	handle("GET /api/v1/careers", s.careersJSON)
	handle("GET /api/v1/careers/{slug}", s.careerJSON)
	handle("GET /api/v1/sources", s.sourcesJSON)
	handle("GET /api/v1/programs", s.programsJSON)
	handle("GET /api/v1/programs/{id}", s.programJSON)
	handle("GET /api/v1/careers/{slug}/programs", s.careerProgramsJSON)
	handle("GET /api/v1/suggest", s.suggestJSON)
	handle("GET /api/v1/careers/{slug}/similar", s.similarJSON)
	handle("GET /api/v1/careers/{slug}/from/{other}", s.fromJSON)
	handle("POST /api/v1/careers/{slug}/classify", s.classifyEntries)
	handle("GET /api/v1/openapi.json", s.openapiJSON)

	handle("POST /api/v1/events", s.postEvent)

	handle("POST /api/v1/admin/catalogs", s.importCatalog)
	handle("GET /admin/monitoring", s.monitoringPage)
	handle("GET /api/v1/admin/monitoring", s.monitoringJSON)
	handle("GET /api/v1/admin/models", s.modelsJSON)
	handle("GET /api/v1/admin/models/events", s.modelEventsJSON)
	handle("POST /api/v1/admin/models/{version}/promote", s.promoteJSON)
	handle("POST /api/v1/admin/models/rollback", s.rollbackJSON)
	handle("GET /api/v1/admin/review", s.reviewJSON)
	handle("POST /api/v1/admin/review/{id}/decision", s.decisionJSON)
	handle("POST /api/v1/admin/review/{id}/undo", s.undoJSON)
	handle("POST /api/v1/admin/programs/{id}/flag", s.flagJSON)
	handle("GET /api/v1/admin/labels", s.labelsJSON)
	handle("GET /api/v1/admin/audit", s.auditJSON)

	handle("GET /admin/login", s.loginPage)
	handle("POST /admin/login", s.login)
	handle("POST /admin/logout", s.logout)
	handle("GET /admin", s.adminPage)
	handle("POST /admin/models/{version}/promote", s.promoteForm)
	handle("POST /admin/models/rollback", s.rollbackForm)
	handle("GET /admin/review", s.reviewPage)
	handle("POST /admin/review/{id}/decision", s.decideForm)
	handle("POST /admin/review/{id}/undo", s.undoForm)
	handle("POST /admin/programs/flag", s.flagForm)
	handle("GET /api/v1/admin/experiments", s.listExperiments)
	handle("POST /api/v1/admin/experiments", s.createExperiment)
	handle("GET /api/v1/admin/experiments/{key}", s.getExperiment)
	handle("POST /api/v1/admin/experiments/{key}/phases", s.newExperimentPhase)
	handle("POST /api/v1/admin/experiments/{key}/stop", s.stopExperiment)
	handle("GET /admin/experiments", s.experimentsPage)
	handle("GET /admin/audit", s.auditPage)

	handle("GET /healthz", s.healthz)
	handle("GET /readyz", s.readyz)
	if s.security.MetricsAddr == "" {
		mux.Handle("GET /metrics", s.metricsHandler())
	}
	mux.Handle("GET /static/", s.instrument("GET /static/", http.StripPrefix("/static/", staticAssets())))
	mux.Handle("GET /favicon.ico", s.instrument("GET /favicon.ico", http.HandlerFunc(favicon)))
	handle("/", s.notFound)
	s.mux = mux
	return s.secure(mux)
}
