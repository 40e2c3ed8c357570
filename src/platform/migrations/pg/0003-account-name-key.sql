-- The name= filters (GET /accounts, GET /certificates) compare lower(name)
-- with a pattern on every account of the enterprise; keeping lower(name) in
-- a column saves PostgreSQL from folding each name again on every request
-- (a third of the list's time in the database).  The same lower() as
-- before on each backend; the sqlite file computes the column on read.

ALTER TABLE accounts ADD COLUMN name_key TEXT GENERATED ALWAYS AS (lower(name)) STORED;
