CREATE TABLE t (id int, v int);
CREATE INDEX idx_old ON t (v);
ALTER TABLE t ADD CONSTRAINT t_v_key UNIQUE (v);
