CREATE TABLE t (id int PRIMARY KEY, n int);
CREATE TABLE u (id bigint, n int);
