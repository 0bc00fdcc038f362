-- How widely O*NET lists each technology across all occupations, derived
-- at import from onet_technology_skills (see DB.TechnologyPrevalence):
-- name is the lower-cased example, listed the number of SOC codes that
-- list it, each SOC code represented by its ".00" occupation or by its
-- specialties in equal parts. A server start reads this instead of every
-- technology row.
CREATE TABLE onet_technology_prevalence (
    name   TEXT PRIMARY KEY,
    listed REAL NOT NULL
) WITHOUT ROWID;
