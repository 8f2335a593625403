CREATE TABLE t (id int, ref int, at date);
