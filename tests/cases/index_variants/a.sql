CREATE TABLE t (id int, a text, b int, c timestamptz, d text COLLATE "C");
CREATE INDEX t_a_idx ON t (a);
CREATE INDEX t_b_idx ON t (b) WHERE b > 0;
CREATE INDEX t_lower_a ON t (lower(a));
