-- 44 typical migration statements (issue 8 item 6), run in order on the
-- database setup.sql creates. tests/e2e/test_lint.py checks what retort
-- says of each against what PostgreSQL 15 does (pg_locks, relfilenode)
-- and against squawk.
ALTER TABLE accounts ADD COLUMN nickname text;
ALTER TABLE accounts ADD COLUMN score integer DEFAULT 0;
ALTER TABLE accounts ADD COLUMN active boolean NOT NULL DEFAULT true;
ALTER TABLE accounts ADD COLUMN token uuid DEFAULT gen_random_uuid();
ALTER TABLE accounts ADD COLUMN seq_no serial;
ALTER TABLE accounts ADD COLUMN region text NOT NULL;
ALTER TABLE accounts ADD COLUMN ext_id bigint GENERATED ALWAYS AS IDENTITY;
ALTER TABLE accounts DROP COLUMN legacy;
ALTER TABLE accounts ALTER COLUMN email TYPE varchar(200);
ALTER TABLE accounts ALTER COLUMN note TYPE text;
ALTER TABLE accounts ALTER COLUMN balance TYPE numeric(14,2);
ALTER TABLE orders ALTER COLUMN quantity TYPE bigint;
ALTER TABLE accounts ALTER COLUMN created_at TYPE timestamptz;
ALTER TABLE accounts ALTER COLUMN status SET NOT NULL;
ALTER TABLE accounts ADD CONSTRAINT accounts_code_nn CHECK (code IS NOT NULL) NOT VALID;
ALTER TABLE accounts VALIDATE CONSTRAINT accounts_code_nn;
ALTER TABLE accounts ALTER COLUMN code SET NOT NULL;
ALTER TABLE orders ALTER COLUMN placed_at DROP NOT NULL;
ALTER TABLE accounts ADD CONSTRAINT accounts_balance_check CHECK (balance >= 0);
ALTER TABLE orders ADD CONSTRAINT orders_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id);
ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;
ALTER TABLE accounts ADD CONSTRAINT accounts_email_key UNIQUE (email);
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS accounts_code_idx ON accounts (code);
ALTER TABLE accounts ADD CONSTRAINT accounts_code_key UNIQUE USING INDEX accounts_code_idx;
CREATE INDEX orders_placed_at_idx ON orders (placed_at);
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_total_idx ON orders (total);
DROP INDEX orders_placed_at_idx;
DROP INDEX CONCURRENTLY IF EXISTS orders_total_idx;
REINDEX INDEX orders_pkey;
ALTER TABLE accounts RENAME COLUMN nickname TO display_name;
COMMENT ON TABLE accounts IS 'customer accounts';
CREATE TRIGGER accounts_touch BEFORE UPDATE ON accounts FOR EACH ROW EXECUTE FUNCTION touch();
ALTER TYPE order_state ADD VALUE 'refunded';
CREATE TABLE audit_log (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, at timestamptz NOT NULL DEFAULT now(), what text);
CREATE INDEX audit_log_at_idx ON audit_log (at);
UPDATE accounts SET score = 0;
DELETE FROM orders WHERE total < 0;
REFRESH MATERIALIZED VIEW account_totals;
ALTER TABLE events ATTACH PARTITION events_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
ALTER TABLE events DETACH PARTITION events_2023;
ALTER TABLE sessions SET LOGGED;
VACUUM FULL accounts;
TRUNCATE sessions;
