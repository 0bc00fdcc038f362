-- The tables of one release of the open data, created by an import in a
-- schema of its own (see Builder and migrations/010_data_release.sql):
-- the PostgreSQL form of sqlite/migrations/001_open_data.sql with 009–011.
-- Unknown numbers are NULL, never 0; flags are boolean; lists are jsonb.
-- Secondary indexes are in opendata_indexes.sql, built after the load.

CREATE TABLE datasets (
    id            text COLLATE "C" PRIMARY KEY,
    title         text COLLATE "C" NOT NULL,
    publisher     text COLLATE "C" NOT NULL,
    as_of         text COLLATE "C" NOT NULL,
    license       text COLLATE "C" NOT NULL,
    attribution   text COLLATE "C" NOT NULL,
    url           text COLLATE "C" NOT NULL,
    files         jsonb NOT NULL, -- array of paths in the release
    rows_read     integer NOT NULL,
    rows_stored   integer NOT NULL,
    rows_rejected integer NOT NULL,
    rejections    jsonb NOT NULL, -- array of {reason, rows}
    imported_at   timestamptz NOT NULL
);

CREATE TABLE onet_occupations (
    code        text COLLATE "C" PRIMARY KEY, -- O*NET-SOC, "15-2051.00"
    soc         text COLLATE "C" NOT NULL,    -- SOC 2018, "15-2051"
    title       text COLLATE "C" NOT NULL,
    description text COLLATE "C" NOT NULL
);

CREATE TABLE onet_job_zones (
    code text COLLATE "C" PRIMARY KEY,
    soc  text COLLATE "C" NOT NULL,
    zone integer NOT NULL
);

CREATE TABLE onet_job_zone_levels (
    zone       integer PRIMARY KEY,
    name       text COLLATE "C" NOT NULL,
    experience text COLLATE "C" NOT NULL,
    education  text COLLATE "C" NOT NULL,
    training   text COLLATE "C" NOT NULL,
    examples   text COLLATE "C" NOT NULL
);

CREATE TABLE onet_tasks (
    code       text COLLATE "C" NOT NULL,
    soc        text COLLATE "C" NOT NULL,
    task_id    integer NOT NULL,
    task       text COLLATE "C" NOT NULL,
    type       text COLLATE "C" NOT NULL, -- Core, Supplemental or ''
    incumbents double precision, -- percent of incumbents responding
    PRIMARY KEY (code, task_id)
);

CREATE TABLE onet_technology_skills (
    code            text COLLATE "C" NOT NULL,
    soc             text COLLATE "C" NOT NULL,
    example         text COLLATE "C" NOT NULL,
    commodity_code  integer NOT NULL,
    commodity_title text COLLATE "C" NOT NULL,
    hot             boolean NOT NULL,
    in_demand       boolean NOT NULL
);

-- Derived at import from onet_technology_skills (see the SQLite
-- migration 011 and OpenData.TechnologyPrevalence).
CREATE TABLE onet_technology_prevalence (
    name   text COLLATE "C" PRIMARY KEY,
    listed double precision NOT NULL
);

CREATE TABLE onet_ratings (
    kind         text COLLATE "C" NOT NULL, -- skill or knowledge
    code         text COLLATE "C" NOT NULL,
    soc          text COLLATE "C" NOT NULL,
    element_id   text COLLATE "C" NOT NULL,
    element_name text COLLATE "C" NOT NULL,
    importance   double precision,
    level        double precision,
    not_relevant boolean NOT NULL,
    suppress     boolean NOT NULL,
    PRIMARY KEY (kind, code, element_id)
);

-- Annual dollars; *_top where BLS top-codes the estimate (the value is
-- then the ceiling, a lower bound).
CREATE TABLE oews_wages (
    soc          text COLLATE "C" NOT NULL,
    o_group      text COLLATE "C" NOT NULL,
    title        text COLLATE "C" NOT NULL,
    employment   bigint,
    annual_mean  double precision,
    a_pct10 double precision, a_pct10_top boolean NOT NULL,
    a_pct25 double precision, a_pct25_top boolean NOT NULL,
    a_median double precision, a_median_top boolean NOT NULL,
    a_pct75 double precision, a_pct75_top boolean NOT NULL,
    a_pct90 double precision, a_pct90_top boolean NOT NULL,
    PRIMARY KEY (soc, o_group)
);

-- Employment figures in thousands, as BLS publishes them.
CREATE TABLE bls_projections (
    soc               text COLLATE "C" NOT NULL,
    title             text COLLATE "C" NOT NULL,
    type              text COLLATE "C" NOT NULL, -- Line item or Summary
    employment_2024   double precision NOT NULL,
    employment_2034   double precision NOT NULL,
    change            double precision NOT NULL,
    change_pct        double precision NOT NULL,
    self_employed_pct double precision,
    openings          double precision NOT NULL,
    median_wage       double precision,
    median_wage_top   boolean NOT NULL,
    education         text COLLATE "C" NOT NULL,
    experience        text COLLATE "C" NOT NULL,
    training          text COLLATE "C" NOT NULL,
    PRIMARY KEY (soc, type)
);

CREATE TABLE cip_codes (
    code             text COLLATE "C" PRIMARY KEY, -- "11", "11.07" or "11.0701"
    family           text COLLATE "C" NOT NULL,
    action           text COLLATE "C" NOT NULL,
    title            text COLLATE "C" NOT NULL,
    definition       text COLLATE "C" NOT NULL,
    cross_references text COLLATE "C" NOT NULL,
    examples         jsonb NOT NULL -- array of example program names
);

CREATE TABLE cip_soc (
    cip       text COLLATE "C" NOT NULL,
    cip_title text COLLATE "C" NOT NULL,
    soc       text COLLATE "C" NOT NULL,
    soc_title text COLLATE "C" NOT NULL,
    PRIMARY KEY (cip, soc)
);

CREATE TABLE institutions (
    unitid                    integer PRIMARY KEY,
    name                      text COLLATE "C" NOT NULL,
    city                      text COLLATE "C" NOT NULL,
    state                     text COLLATE "C" NOT NULL,
    zip                       text COLLATE "C" NOT NULL,
    web                       text COLLATE "C" NOT NULL,
    control                   smallint NOT NULL, -- 0 unknown, 1 public, 2 private nonprofit, 3 for-profit
    latitude                  double precision,
    longitude                 double precision,
    tuition_in_state          double precision, -- undergraduate tuition and fees 2023-24
    tuition_out_of_state      double precision,
    total_enrollment          integer, -- fall 2024
    distance_enrollment       integer, -- exclusively distance, fall 2024
    online_share              double precision,
    grad_tuition_in_state     double precision, -- graduate tuition 2022-23
    grad_tuition_out_of_state double precision,
    aliases                   text[] NOT NULL -- IPEDS IALIAS, split into names
);

CREATE TABLE completions_trend (
    year   integer NOT NULL,
    unitid integer NOT NULL,
    cip    text COLLATE "C" NOT NULL,
    award  integer NOT NULL,
    total  integer NOT NULL,
    PRIMARY KEY (unitid, cip, award, year)
);

-- One program per institution × 6-digit CIP × award level.
CREATE TABLE programs (
    id           bigint PRIMARY KEY,
    unitid       integer NOT NULL REFERENCES institutions (unitid),
    cip          text COLLATE "C" NOT NULL,
    award        integer NOT NULL,
    name         text COLLATE "C" NOT NULL,
    completers   integer NOT NULL,
    trend        jsonb, -- completers 2020..2024 where the trend file covers the field
    earnings_1yr double precision,
    earnings_4yr double precision,
    mean_debt    double precision,
    source       text COLLATE "C" NOT NULL,
    UNIQUE (unitid, cip, award)
);

CREATE TABLE scorecard_fields (
    institution     text COLLATE "C" NOT NULL,
    major           text COLLATE "C" NOT NULL,
    mean_debt       double precision,
    monthly_payment double precision,
    earnings_1yr    double precision,
    earnings_4yr    double precision,
    unitid          integer, -- matched institution, NULL where none or several matched
    cip4            text COLLATE "C"
);

CREATE TABLE scorecard_programs (
    unitid      integer NOT NULL,
    institution text COLLATE "C" NOT NULL,
    cip4        text COLLATE "C" NOT NULL,
    cip_desc    text COLLATE "C" NOT NULL,
    cred_level  integer NOT NULL,
    cred_desc   text COLLATE "C" NOT NULL,
    debt_median double precision,
    earn_1yr    double precision,
    distance    integer
);

CREATE TABLE salaries (
    year             integer NOT NULL,
    experience       text COLLATE "C" NOT NULL, -- EN, MI, SE, EX
    employment       text COLLATE "C" NOT NULL, -- FT, PT, CT, FL
    title            text COLLATE "C" NOT NULL,
    salary_usd       double precision NOT NULL,
    residence        text COLLATE "C" NOT NULL,
    remote_ratio     integer NOT NULL,
    company_location text COLLATE "C" NOT NULL,
    company_size     text COLLATE "C" NOT NULL
);

CREATE TABLE world_universities (
    name           text COLLATE "C" NOT NULL,
    country        text COLLATE "C" NOT NULL,
    country_code   text COLLATE "C" NOT NULL,
    state_province text COLLATE "C" NOT NULL,
    domains        jsonb NOT NULL,
    web_pages      jsonb NOT NULL
);

CREATE TABLE zip_centroids (
    zip   text COLLATE "C" PRIMARY KEY, -- 5 digits
    city  text COLLATE "C" NOT NULL,
    state text COLLATE "C" NOT NULL,
    lat   double precision NOT NULL,
    lon   double precision NOT NULL
);
