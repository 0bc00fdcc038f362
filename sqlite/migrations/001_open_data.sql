-- Open data as imported from the bundled release. Every table is rebuilt by
-- an import; nothing here is edited by hand. Numbers that the sources leave
-- unknown (blank, suppressed, not available) are NULL, never 0.

CREATE TABLE datasets (
    id            TEXT PRIMARY KEY,
    title         TEXT NOT NULL,
    publisher     TEXT NOT NULL,
    as_of         TEXT NOT NULL,
    license       TEXT NOT NULL,
    attribution   TEXT NOT NULL,
    url           TEXT NOT NULL,
    files         TEXT NOT NULL, -- JSON array of paths in the release
    rows_read     INTEGER NOT NULL,
    rows_stored   INTEGER NOT NULL,
    rows_rejected INTEGER NOT NULL,
    rejections    TEXT NOT NULL, -- JSON array of {reason, rows}
    imported_at   TEXT NOT NULL
);

CREATE TABLE onet_occupations (
    code        TEXT PRIMARY KEY, -- O*NET-SOC, "15-2051.00"
    soc         TEXT NOT NULL,    -- SOC 2018, "15-2051"
    title       TEXT NOT NULL,
    description TEXT NOT NULL
);
CREATE INDEX onet_occupations_soc ON onet_occupations (soc);

CREATE TABLE onet_job_zones (
    code TEXT PRIMARY KEY,
    soc  TEXT NOT NULL,
    zone INTEGER NOT NULL
);

CREATE TABLE onet_job_zone_levels (
    zone       INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    experience TEXT NOT NULL,
    education  TEXT NOT NULL,
    training   TEXT NOT NULL,
    examples   TEXT NOT NULL
);

CREATE TABLE onet_tasks (
    code       TEXT NOT NULL,
    soc        TEXT NOT NULL,
    task_id    INTEGER NOT NULL,
    task       TEXT NOT NULL,
    type       TEXT NOT NULL, -- Core, Supplemental or ''
    incumbents REAL,          -- percent of incumbents responding
    PRIMARY KEY (code, task_id)
);
CREATE INDEX onet_tasks_soc ON onet_tasks (soc);

CREATE TABLE onet_technology_skills (
    code            TEXT NOT NULL,
    soc             TEXT NOT NULL,
    example         TEXT NOT NULL,
    commodity_code  INTEGER NOT NULL,
    commodity_title TEXT NOT NULL,
    hot             INTEGER NOT NULL,
    in_demand       INTEGER NOT NULL
);
CREATE INDEX onet_technology_skills_soc ON onet_technology_skills (soc);

CREATE TABLE onet_ratings (
    kind         TEXT NOT NULL, -- skill or knowledge
    code         TEXT NOT NULL,
    soc          TEXT NOT NULL,
    element_id   TEXT NOT NULL,
    element_name TEXT NOT NULL,
    importance   REAL,
    level        REAL,
    not_relevant INTEGER NOT NULL,
    suppress     INTEGER NOT NULL,
    PRIMARY KEY (kind, code, element_id)
);
CREATE INDEX onet_ratings_soc ON onet_ratings (soc);

-- Wages are annual dollars; *_top is 1 where BLS top-codes the estimate
-- ("#"), in which case the value is the ceiling, a lower bound.
CREATE TABLE oews_wages (
    soc          TEXT NOT NULL,
    o_group      TEXT NOT NULL,
    title        TEXT NOT NULL,
    employment   INTEGER,
    annual_mean  REAL,
    a_pct10 REAL, a_pct10_top INTEGER NOT NULL,
    a_pct25 REAL, a_pct25_top INTEGER NOT NULL,
    a_median REAL, a_median_top INTEGER NOT NULL,
    a_pct75 REAL, a_pct75_top INTEGER NOT NULL,
    a_pct90 REAL, a_pct90_top INTEGER NOT NULL,
    PRIMARY KEY (soc, o_group)
);

-- Employment figures in thousands, as BLS publishes them.
CREATE TABLE bls_projections (
    soc               TEXT NOT NULL,
    title             TEXT NOT NULL,
    type              TEXT NOT NULL, -- Line item or Summary
    employment_2024   REAL NOT NULL,
    employment_2034   REAL NOT NULL,
    change            REAL NOT NULL,
    change_pct        REAL NOT NULL,
    self_employed_pct REAL,
    openings          REAL NOT NULL, -- annual average 2024–34
    median_wage       REAL,
    median_wage_top   INTEGER NOT NULL,
    education         TEXT NOT NULL,
    experience        TEXT NOT NULL,
    training          TEXT NOT NULL,
    PRIMARY KEY (soc, type)
);

CREATE TABLE cip_codes (
    code             TEXT PRIMARY KEY, -- "11", "11.07" or "11.0701"
    family           TEXT NOT NULL,
    action           TEXT NOT NULL, -- change since CIP 2010: "Moved to", "Deleted" mark retired codes
    title            TEXT NOT NULL,
    definition       TEXT NOT NULL,
    cross_references TEXT NOT NULL,
    examples         TEXT NOT NULL -- JSON array of example program names
);

CREATE TABLE cip_soc (
    cip       TEXT NOT NULL,
    cip_title TEXT NOT NULL,
    soc       TEXT NOT NULL,
    soc_title TEXT NOT NULL,
    PRIMARY KEY (cip, soc)
);
CREATE INDEX cip_soc_soc ON cip_soc (soc);

CREATE TABLE institutions (
    unitid               INTEGER PRIMARY KEY,
    name                 TEXT NOT NULL,
    city                 TEXT NOT NULL,
    state                TEXT NOT NULL,
    zip                  TEXT NOT NULL,
    web                  TEXT NOT NULL,
    control              INTEGER NOT NULL, -- 0 unknown, 1 public, 2 private nonprofit, 3 for-profit
    latitude             REAL,
    longitude            REAL,
    tuition_in_state     REAL, -- undergraduate tuition and fees 2023-24
    tuition_out_of_state REAL,
    total_enrollment     INTEGER, -- fall 2024
    distance_enrollment  INTEGER, -- exclusively distance, fall 2024
    online_share         REAL     -- distance_enrollment / total_enrollment
);

CREATE TABLE completions_trend (
    year   INTEGER NOT NULL,
    unitid INTEGER NOT NULL,
    cip    TEXT NOT NULL,
    award  INTEGER NOT NULL,
    total  INTEGER NOT NULL,
    PRIMARY KEY (unitid, cip, award, year)
);

-- One program per institution × 6-digit CIP × award level, derived from
-- IPEDS completions at import.
CREATE TABLE programs (
    id            INTEGER PRIMARY KEY,
    unitid        INTEGER NOT NULL REFERENCES institutions (unitid),
    cip           TEXT NOT NULL,
    award         INTEGER NOT NULL,
    name          TEXT NOT NULL,
    completers    INTEGER NOT NULL,
    trend         TEXT,  -- JSON array of completers 2020..2024 (null = not reported) where the trend file covers the field
    earnings_1yr  REAL,  -- Scorecard median earnings 1 year after completion
    earnings_4yr  REAL,
    mean_debt     REAL,  -- Scorecard average debt at completion
    source        TEXT NOT NULL,
    UNIQUE (unitid, cip, award)
);
CREATE INDEX programs_cip ON programs (cip);

CREATE TABLE scorecard_fields (
    institution     TEXT NOT NULL,
    major           TEXT NOT NULL,
    mean_debt       REAL,
    monthly_payment REAL,
    earnings_1yr    REAL,
    earnings_4yr    REAL,
    unitid          INTEGER, -- matched institution, NULL where the name matched none or several
    cip4            TEXT     -- matched 4-digit CIP series
);

CREATE TABLE scorecard_programs (
    unitid       INTEGER NOT NULL,
    institution  TEXT NOT NULL,
    cip4         TEXT NOT NULL,
    cip_desc     TEXT NOT NULL,
    cred_level   INTEGER NOT NULL,
    cred_desc    TEXT NOT NULL,
    debt_median  REAL,
    earn_1yr     REAL,
    distance     INTEGER
);

CREATE TABLE salaries (
    year             INTEGER NOT NULL,
    experience       TEXT NOT NULL, -- EN, MI, SE, EX
    employment       TEXT NOT NULL, -- FT, PT, CT, FL
    title            TEXT NOT NULL,
    salary_usd       REAL NOT NULL,
    residence        TEXT NOT NULL,
    remote_ratio     INTEGER NOT NULL,
    company_location TEXT NOT NULL,
    company_size     TEXT NOT NULL
);
CREATE INDEX salaries_title ON salaries (title);

CREATE TABLE world_universities (
    name           TEXT NOT NULL,
    country        TEXT NOT NULL,
    country_code   TEXT NOT NULL,
    state_province TEXT NOT NULL,
    domains        TEXT NOT NULL, -- JSON array
    web_pages      TEXT NOT NULL  -- JSON array
);
