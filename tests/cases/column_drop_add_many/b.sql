CREATE TABLE t (a int, e text, f int DEFAULT 3, g text);
CREATE INDEX t_b ON t (g);
