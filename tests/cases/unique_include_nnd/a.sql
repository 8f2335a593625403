CREATE TABLE t (id int, a int, b int, c text);
ALTER TABLE t ADD CONSTRAINT t_a_key UNIQUE (a);
