CREATE TABLE t (id int, code text UNIQUE, name text CHECK (name <> ''));
CREATE INDEX t_name_lower ON t (lower(name));
CREATE INDEX t_code_pat ON t (code text_pattern_ops);
