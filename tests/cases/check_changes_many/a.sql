CREATE TABLE t (a int, b int, c text, CONSTRAINT t_a CHECK (a > 0), CONSTRAINT t_ab CHECK (a < b), CONSTRAINT t_c CHECK (c IN ('x', 'y')));
