CREATE TABLE t (id int, code varchar(10) UNIQUE, name varchar(50) CHECK (name <> ''));
CREATE INDEX t_name_lower ON t (lower(name));
CREATE INDEX t_code_pat ON t (code varchar_pattern_ops);
