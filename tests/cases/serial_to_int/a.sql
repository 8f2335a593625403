CREATE TABLE t (id serial PRIMARY KEY, n int);
