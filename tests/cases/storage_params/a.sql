CREATE TABLE t (id int PRIMARY KEY, v text) WITH (fillfactor = 70);
CREATE TABLE u (id int) WITH (autovacuum_enabled = false);
