-- The secondary indexes of a release's tables (opendata.sql), built once
-- the rows are loaded, which is faster than keeping them up row by row.
CREATE INDEX onet_occupations_soc ON onet_occupations (soc);
CREATE INDEX onet_tasks_soc ON onet_tasks (soc);
CREATE INDEX onet_technology_skills_soc ON onet_technology_skills (soc);
CREATE INDEX onet_ratings_soc ON onet_ratings (soc);
CREATE INDEX cip_soc_soc ON cip_soc (soc);
CREATE INDEX programs_cip ON programs (cip);
CREATE INDEX salaries_title ON salaries (title);
