CREATE TABLE t (id int, a int, b int);
CREATE UNIQUE INDEX t_a_uq ON t (a);
