CREATE TABLE IF NOT EXISTS users (
  id bigint NOT NULL,
  name varchar(255) NOT NULL,
  score double precision DEFAULT 0,
  created_at timestamp(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (id)
);
CREATE INDEX IF NOT EXISTS index_name ON users USING btree (name);
