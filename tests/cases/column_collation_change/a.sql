CREATE TABLE t (id int, a text, b varchar(10) COLLATE "C");
CREATE INDEX t_a ON t (a);
