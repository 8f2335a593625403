CREATE TABLE t (id int, a text, b int, c timestamptz, d text COLLATE "C");
CREATE INDEX t_a_idx ON t (a text_pattern_ops);
CREATE INDEX t_b_idx ON t (b) WHERE b > 10;
CREATE INDEX t_lower_a ON t (lower(a), b DESC NULLS LAST);
CREATE INDEX t_c_idx ON t (c DESC NULLS FIRST, id ASC NULLS FIRST);
CREATE INDEX t_d_idx ON t (d COLLATE "POSIX");
CREATE INDEX t_multi ON t (a, b, c) INCLUDE (d);
CREATE INDEX t_ff ON t (id) WITH (fillfactor = 70);
CREATE INDEX t_expr2 ON t ((a || '-' || d));
