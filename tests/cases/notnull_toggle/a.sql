CREATE TABLE t (id int NOT NULL, a text NOT NULL, b text, c int NOT NULL DEFAULT 0);
