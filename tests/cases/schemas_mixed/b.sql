CREATE SCHEMA a;
CREATE SCHEMA c AUTHORIZATION harness;
CREATE TABLE a.t (id int PRIMARY KEY, n text);
CREATE TABLE c.t (id int PRIMARY KEY, a_id int REFERENCES a.t);
CREATE TYPE c.e AS ENUM ('x');
CREATE TABLE public.t (id int, e c.e);
