CREATE TABLE t (id int, v int);
CREATE INDEX idx_new ON t (v);
ALTER TABLE t ADD CONSTRAINT t_v_uq UNIQUE (v);
