CREATE TABLE t (id int, fullname text NOT NULL DEFAULT '', age int CHECK (age >= 0));
CREATE INDEX t_fullname ON t (fullname);
