CREATE EXTENSION IF NOT EXISTS citext;
CREATE TABLE t (id int, email citext);
