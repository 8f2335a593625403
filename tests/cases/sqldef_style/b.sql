CREATE TABLE IF NOT EXISTS users (
  id bigint NOT NULL,
  name varchar(255) NOT NULL,
  email character varying(320),
  score real DEFAULT 0.5,
  created_at timestamp(6) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
  is_admin boolean NOT NULL DEFAULT FALSE,
  PRIMARY KEY (id)
);
CREATE INDEX IF NOT EXISTS index_name ON users USING btree (name, email);
CREATE UNIQUE INDEX IF NOT EXISTS index_email ON users (email) WHERE email IS NOT NULL;
CREATE TABLE IF NOT EXISTS posts (
  id bigserial PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users (id),
  body text NOT NULL CHECK (length(body) <= 10000)
);
