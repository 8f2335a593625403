CREATE TABLE t (a int, b int, c int NOT NULL, PRIMARY KEY (a, b));
