CREATE TABLE t (id int, a text COLLATE "C", b varchar(10));
CREATE INDEX t_a ON t (a);
