CREATE TABLE t (id int PRIMARY KEY, code text UNIQUE NOT NULL);
CREATE TABLE r (t_code text REFERENCES t(code));
