-- sealdesk-platform schema, version 1 (SQLite).  Keep in step with
-- ../pg/0001-initial.sql: the server runs the same statements on both.
-- Times are seconds since the epoch (UTC); booleans are 0/1.

CREATE TABLE enterprises (
  id                   INTEGER PRIMARY KEY AUTOINCREMENT,
  name                 TEXT    NOT NULL,
  uscc                 TEXT    NOT NULL UNIQUE,
  legal_representative TEXT    NOT NULL,
  created_at           INTEGER NOT NULL
);

CREATE TABLE accounts (
  id                   INTEGER PRIMARY KEY AUTOINCREMENT,
  enterprise_id        INTEGER NOT NULL REFERENCES enterprises (id),
  login                TEXT    NOT NULL,
  login_key            TEXT    NOT NULL,   -- lower-cased login: logins are unique ignoring case
  name                 TEXT    NOT NULL,
  kind                 TEXT    NOT NULL CHECK (kind IN ('main', 'sub')),
  enabled              INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  id_number            TEXT,
  phone                TEXT,
  password_hash        TEXT    NOT NULL,
  must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1)),
  failed_logins        INTEGER NOT NULL DEFAULT 0,
  locked_until         INTEGER,
  created_at           INTEGER NOT NULL,
  updated_at           INTEGER NOT NULL,
  updated_by           INTEGER REFERENCES accounts (id),
  version              INTEGER NOT NULL DEFAULT 1,
  CONSTRAINT accounts_login_key_unique UNIQUE (login_key)
);
-- one main account per enterprise
CREATE UNIQUE INDEX accounts_main_unique ON accounts (enterprise_id) WHERE kind = 'main';
CREATE INDEX accounts_enterprise ON accounts (enterprise_id, id);

CREATE TABLE roles (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  enterprise_id INTEGER NOT NULL REFERENCES enterprises (id),
  name          TEXT    NOT NULL,
  description   TEXT    NOT NULL DEFAULT '',
  builtin       TEXT CHECK (builtin IN ('super_admin', 'quality_manager', 'operator')),
  permissions   TEXT    NOT NULL DEFAULT '',   -- space-separated permission names
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL,
  updated_by    INTEGER REFERENCES accounts (id),
  version       INTEGER NOT NULL DEFAULT 1,
  CONSTRAINT roles_name_unique UNIQUE (enterprise_id, name),
  CONSTRAINT roles_builtin_unique UNIQUE (enterprise_id, builtin)
);

CREATE TABLE account_roles (
  account_id INTEGER NOT NULL REFERENCES accounts (id),
  role_id    INTEGER NOT NULL REFERENCES roles (id),
  PRIMARY KEY (account_id, role_id)
);
CREATE INDEX account_roles_role ON account_roles (role_id);

CREATE TABLE bindings (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  enterprise_id   INTEGER NOT NULL REFERENCES enterprises (id),
  account_id      INTEGER NOT NULL REFERENCES accounts (id),
  -- SHA-256 of the issuer Name and serial number DER: one certificate, one
  -- account on the whole platform (该证书已经被绑定过了)
  certificate_key TEXT    NOT NULL,
  -- 'organization' or 'person' on the main account, NULL elsewhere: the
  -- main account holds at most one of each
  main_slot       TEXT CHECK (main_slot IN ('organization', 'person')),
  type            TEXT    NOT NULL CHECK (type IN ('organization', 'employee', 'personal')),
  service_number  TEXT    NOT NULL,
  subject         TEXT    NOT NULL,
  issuer          TEXT    NOT NULL,
  serial          TEXT    NOT NULL,
  not_before      INTEGER NOT NULL,
  not_after       INTEGER NOT NULL,
  ca_provider     TEXT    NOT NULL,
  key_type        TEXT    NOT NULL,
  fingerprint     TEXT    NOT NULL,
  enterprise_code TEXT,
  id_number       TEXT,
  certificate     BLOB    NOT NULL,
  is_admin        INTEGER NOT NULL DEFAULT 0 CHECK (is_admin IN (0, 1)),
  permissions     TEXT,   -- NULL: no narrowing
  bound_at        INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  updated_by      INTEGER REFERENCES accounts (id),
  version         INTEGER NOT NULL DEFAULT 1,
  CONSTRAINT bindings_certificate_key_unique UNIQUE (certificate_key),
  CONSTRAINT bindings_main_slot_unique UNIQUE (account_id, main_slot)
);
CREATE INDEX bindings_enterprise ON bindings (enterprise_id, id);

CREATE TABLE sessions (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  token_hash     TEXT    NOT NULL UNIQUE,
  account_id     INTEGER NOT NULL REFERENCES accounts (id),
  -- a CA session ends with its binding
  binding_id     INTEGER REFERENCES bindings (id) ON DELETE CASCADE,
  method         TEXT    NOT NULL CHECK (method IN ('password', 'certificate')),
  created_at     INTEGER NOT NULL,
  expires_at     INTEGER NOT NULL,
  source_address TEXT
);
CREATE INDEX sessions_account ON sessions (account_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE challenges (
  id         TEXT    PRIMARY KEY,
  purpose    TEXT    NOT NULL CHECK (purpose IN ('login', 'bind')),
  nonce      TEXT    NOT NULL,
  account_id INTEGER REFERENCES accounts (id),
  expires_at INTEGER NOT NULL
);
CREATE INDEX challenges_expires ON challenges (expires_at);

CREATE TABLE seals (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  enterprise_id INTEGER NOT NULL REFERENCES enterprises (id),
  name          TEXT    NOT NULL,
  type          TEXT    NOT NULL,
  status        TEXT    NOT NULL CHECK (status IN ('active', 'disabled')),
  image         BLOB    NOT NULL,
  image_sha256  TEXT    NOT NULL,
  width         INTEGER NOT NULL,
  height        INTEGER NOT NULL,
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL,
  updated_by    INTEGER REFERENCES accounts (id),
  version       INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX seals_enterprise ON seals (enterprise_id, id);

CREATE TABLE seal_grants (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  seal_id     INTEGER NOT NULL REFERENCES seals (id),
  account_id  INTEGER NOT NULL REFERENCES accounts (id),
  valid_from  INTEGER NOT NULL,
  valid_until INTEGER NOT NULL,
  created_at  INTEGER NOT NULL,
  created_by  INTEGER REFERENCES accounts (id),
  revoked_at  INTEGER,
  revoked_by  INTEGER REFERENCES accounts (id),
  CHECK (valid_until > valid_from)
);
CREATE INDEX seal_grants_seal ON seal_grants (seal_id, id);
CREATE INDEX seal_grants_account ON seal_grants (account_id);

CREATE TABLE seal_usage (
  id                 INTEGER PRIMARY KEY AUTOINCREMENT,
  seal_id            INTEGER NOT NULL REFERENCES seals (id),
  account_id         INTEGER NOT NULL REFERENCES accounts (id),
  binding_id         INTEGER,   -- no reference: the record outlives an unbinding
  certificate_serial TEXT,
  document_name      TEXT    NOT NULL,
  document_hash      TEXT    NOT NULL,
  hash_algorithm     TEXT    NOT NULL,
  pages              TEXT    NOT NULL,   -- comma-separated page numbers
  signed_at          INTEGER NOT NULL,
  recorded_at        INTEGER NOT NULL
);
CREATE INDEX seal_usage_seal ON seal_usage (seal_id, id);

CREATE TABLE audit_log (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  occurred_at    INTEGER NOT NULL,
  enterprise_id  INTEGER,   -- NULL for a failed login with an unknown login
  actor_id       INTEGER,
  actor_login    TEXT,
  category       TEXT    NOT NULL,
  action         TEXT    NOT NULL,
  outcome        TEXT    NOT NULL CHECK (outcome IN ('success', 'failure')),
  target_type    TEXT,
  target_id      INTEGER,
  target_label   TEXT,
  source_address TEXT,
  details        TEXT    NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_enterprise ON audit_log (enterprise_id, id);
CREATE INDEX audit_log_enterprise_time ON audit_log (enterprise_id, occurred_at);

-- The audit log is append-only, whatever the server asks.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE (ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE (ABORT, 'audit_log is append-only');
END;
