-- The SQL reference finder is test code (search/internal/finderref), with
-- its own tables in a test database: drop its tables, derived and read
-- by nothing in production, from databases made before. Their indexes go
-- with them. finder_overrides, the editors' log, stays.
DROP TABLE IF EXISTS finder_programs;
DROP TABLE IF EXISTS finder_class_relevance;
DROP TABLE IF EXISTS finder_relevance;
DROP TABLE IF EXISTS finder_text;
DROP TABLE IF EXISTS finder_meta;
