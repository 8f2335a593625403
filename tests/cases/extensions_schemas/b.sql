CREATE SCHEMA ext;
CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA ext;
CREATE EXTENSION IF NOT EXISTS hstore WITH SCHEMA ext;
CREATE EXTENSION IF NOT EXISTS "uuid-ossp";
CREATE TABLE t (id int, email ext.citext, attrs ext.hstore, u uuid DEFAULT uuid_generate_v4());
