CREATE EXTENSION IF NOT EXISTS "uuid-ossp";
CREATE TABLE IF NOT EXISTS users (
  id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
  email varchar(255) NOT NULL,
  role text NOT NULL DEFAULT 'member' CHECK (role IN ('member', 'admin')),
  tags text[] NOT NULL DEFAULT '{}',
  prefs jsonb NOT NULL DEFAULT '{}'::jsonb,
  active boolean DEFAULT false,
  score double precision DEFAULT 0.5,
  created_at timestamp with time zone DEFAULT current_timestamp,
  updated_at timestamptz NOT NULL DEFAULT now(),
  birthday date DEFAULT CURRENT_DATE,
  big bigint DEFAULT -1,
  price numeric(12,2) DEFAULT 9.99,
  CONSTRAINT users_email_unique UNIQUE (email)
);
CREATE INDEX IF NOT EXISTS users_email_lower ON users (lower(email));
CREATE INDEX IF NOT EXISTS users_email_lower ON users (lower(email));
ALTER TABLE users ADD COLUMN IF NOT EXISTS nickname text;
ALTER TABLE users ADD COLUMN IF NOT EXISTS nickname text;
DO $$ BEGIN IF NOT EXISTS (SELECT 1) THEN RAISE NOTICE 'x'; END IF; END $$;
ALTER TABLE users ALTER COLUMN big TYPE numeric USING big::numeric;
ALTER TABLE users DROP CONSTRAINT IF EXISTS nope;
DROP INDEX IF EXISTS nope_idx;
CREATE TABLE orders (id bigserial PRIMARY KEY, user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE, status smallint NOT NULL DEFAULT 0, total numeric(12,2) CHECK (total >= 0), note text COLLATE "C", created_at timestamp DEFAULT (now() AT TIME ZONE 'utc'), CONSTRAINT orders_user_status UNIQUE (user_id, status) DEFERRABLE);
CREATE UNIQUE INDEX orders_open ON orders (user_id) WHERE status = 0;
CREATE INDEX orders_created_brin ON orders USING brin (created_at);
ALTER TABLE orders RENAME CONSTRAINT orders_user_status TO orders_user_status_uq;
ALTER TABLE orders ALTER COLUMN status SET DEFAULT 1, ALTER COLUMN note SET NOT NULL;
ALTER TABLE orders ADD CONSTRAINT orders_total_max CHECK (total < 1000000) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT orders_total_max;
CREATE TABLE audit (id int GENERATED ALWAYS AS IDENTITY, at timestamptz DEFAULT clock_timestamp(), what text, amount int DEFAULT 1 + 2 * 3, x interval DEFAULT '1 day', y text DEFAULT 'it''s', z int[] DEFAULT ARRAY[1,2], c char(2) DEFAULT 'ab', n numeric DEFAULT -0.5, u text DEFAULT upper('x'), cs text DEFAULT CURRENT_USER, tt time DEFAULT LOCALTIME);
INSERT INTO audit (what) VALUES ('created');
UPDATE audit SET what = 'x';
CREATE OR REPLACE VIEW active_users AS SELECT * FROM users WHERE active;
