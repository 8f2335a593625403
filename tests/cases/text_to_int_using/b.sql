CREATE TABLE t (id int, code int, flag boolean DEFAULT false, amount numeric(10,2) NOT NULL);
