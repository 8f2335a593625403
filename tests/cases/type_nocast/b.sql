CREATE TABLE t (id int, ref uuid, at int);
