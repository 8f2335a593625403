CREATE COLLATION ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
CREATE COLLATION num_c (provider = libc, locale = 'C');
CREATE TABLE t (id int, name text COLLATE ci, code text COLLATE num_c);
CREATE INDEX t_name_idx ON t (name COLLATE "C");
