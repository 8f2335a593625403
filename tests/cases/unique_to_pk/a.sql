CREATE TABLE t (id int UNIQUE NOT NULL, code text PRIMARY KEY);
CREATE TABLE r (t_code text REFERENCES t(code));
