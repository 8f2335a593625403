CREATE TABLE t (id int, code text, flag text DEFAULT 'false', amount varchar(20) NOT NULL);
