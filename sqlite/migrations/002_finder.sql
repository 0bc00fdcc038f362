-- Created the tables of the SQL reference finder (finder_programs,
-- finder_class_relevance, finder_relevance, finder_text, finder_meta).
-- That finder is test code now (search/internal/finderref creates its own
-- tables in a test database), so a new database no longer gets them;
-- databases that applied this migration lose them in 013_drop_finder.sql.
SELECT 1;
