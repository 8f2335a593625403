CREATE SCHEMA gone;
CREATE TYPE gone.e AS ENUM ('a');
CREATE SEQUENCE gone.s;
CREATE TABLE gone.t (id int PRIMARY KEY, e gone.e, n int DEFAULT nextval('gone.s'));
CREATE INDEX t_n ON gone.t (n);
CREATE TABLE keep (id int, t_id int REFERENCES gone.t);
