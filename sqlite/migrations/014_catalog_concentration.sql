-- The field of study of the concentration a catalog program's name gives
-- after its head ("MBA with a concentration in Data Science": 30.7001),
-- as the relevance model read it when it classified the entry; NULL when
-- the name names none the model can read, or the entry's code came from
-- the provider. The finder makes such a program related at most for a
-- career where that field is strong (relevance.Rule.OfConcentration).
ALTER TABLE catalog_entries ADD COLUMN concentration_cip TEXT;
