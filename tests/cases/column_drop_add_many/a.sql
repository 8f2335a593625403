CREATE TABLE t (a int, b text, c int, d int, e text, CONSTRAINT t_cd CHECK (c < d));
CREATE INDEX t_b ON t (b);
CREATE INDEX t_ce ON t (c, e);
