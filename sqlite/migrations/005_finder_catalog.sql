-- Recreated finder_programs with catalog programs; the reference finder
-- is test code now (see 002_finder.sql and 013_drop_finder.sql).
SELECT 1;
