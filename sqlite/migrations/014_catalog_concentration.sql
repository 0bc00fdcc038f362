-- The field of study of the concentration a catalog program's name gives
-- after its head ("MBA with a concentration in Data Science": 30.7001),
-- as the relevance model read it when it classified the entry; NULL when
-- the name names none the model can read, or the entry's code came from
-- the provider. The finder makes such a program related at most for a
-- career where that field is strong (relevance.Model.OfConcentration).
ALTER TABLE catalog_entries ADD COLUMN concentration_cip TEXT;

-- The finder's class relevance is by (CIP, award, concentration) now:
-- '' for no concentration. The table is derived; clearing the stamp makes
-- the next NewFinder refill it.
DROP TABLE finder_class_relevance;
CREATE TABLE finder_class_relevance (
    career TEXT NOT NULL,
    cip    TEXT NOT NULL,
    award  INTEGER NOT NULL,
    conc   TEXT NOT NULL,  -- the concentration's CIP code, '' for none
    level  INTEGER NOT NULL,
    score  REAL NOT NULL,
    PRIMARY KEY (career, cip, award, conc)
);
DELETE FROM finder_meta;
