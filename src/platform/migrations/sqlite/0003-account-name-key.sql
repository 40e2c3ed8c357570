-- The name= filters (GET /accounts, GET /certificates) compare lower(name)
-- with a pattern on every account of the enterprise; keeping lower(name) in
-- a column saves PostgreSQL from folding each name again on every request.
-- The same lower() as before on each backend.  SQLite cannot add a stored
-- column to a table: it computes the column on read, and the index lets the
-- count read it without visiting the table (as accounts_enterprise_name let
-- lower(name) do).

ALTER TABLE accounts ADD COLUMN name_key TEXT GENERATED ALWAYS AS (lower(name)) VIRTUAL;
CREATE INDEX accounts_enterprise_name_key ON accounts (enterprise_id, name_key);
