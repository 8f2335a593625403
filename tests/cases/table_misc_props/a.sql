CREATE TABLE t (id int PRIMARY KEY, v text, w text);
CREATE INDEX t_v ON t (v);
