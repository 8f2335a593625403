CREATE SCHEMA app;
CREATE TABLE app.t (id int CONSTRAINT t_pk PRIMARY KEY, v int CONSTRAINT v_pos CHECK (v > 0));
CREATE INDEX t_v_idx ON app.t (v);
CREATE SEQUENCE app.s;
CREATE TYPE app.e AS ENUM ('a');
COMMENT ON TABLE app.t IS 'old';
