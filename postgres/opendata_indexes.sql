-- The secondary indexes and foreign keys of a release's tables
-- (opendata.sql), added once the rows are loaded: one pass over each
-- table is faster than keeping them up, or checking them, row by row.
CREATE INDEX onet_occupations_soc ON onet_occupations (soc);
CREATE INDEX onet_tasks_soc ON onet_tasks (soc);
CREATE INDEX onet_technology_skills_soc ON onet_technology_skills (soc);
CREATE INDEX onet_ratings_soc ON onet_ratings (soc);
CREATE INDEX cip_soc_soc ON cip_soc (soc);
CREATE INDEX programs_cip ON programs (cip);
CREATE INDEX salaries_title ON salaries (title);
ALTER TABLE programs ADD FOREIGN KEY (unitid) REFERENCES institutions (unitid);
