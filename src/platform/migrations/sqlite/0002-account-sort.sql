-- 账号管理 sorts on the server (GET /accounts?sort=…): one index per
-- sortable column, with the id that breaks ties, so that a page of a sorted
-- list is read in index order.  Keep the sqlite and pg files the same.

CREATE INDEX accounts_enterprise_login ON accounts (enterprise_id, login_key, id);
CREATE INDEX accounts_enterprise_name ON accounts (enterprise_id, name, id);
CREATE INDEX accounts_enterprise_kind ON accounts (enterprise_id, kind, id);
CREATE INDEX accounts_enterprise_enabled ON accounts (enterprise_id, enabled, id);
CREATE INDEX accounts_enterprise_created ON accounts (enterprise_id, created_at, id);
CREATE INDEX accounts_enterprise_updated ON accounts (enterprise_id, updated_at, id);
