-- Other names institutions go by (IPEDS IALIAS, split into names), for the
-- finder's search: "Georgia Tech", "MIT". Names are separated by "|".
ALTER TABLE institutions ADD COLUMN aliases TEXT NOT NULL DEFAULT '';
