CREATE TABLE t (id int NOT NULL, a text, b text NOT NULL, c int);
