CREATE SCHEMA app;
CREATE SEQUENCE pub_seq;
CREATE TYPE app.kind AS ENUM ('x', 'y');
CREATE TABLE app.t (id int);
