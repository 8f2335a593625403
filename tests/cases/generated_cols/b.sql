CREATE TABLE t (a int, b int, c int GENERATED ALWAYS AS (a * b) STORED, d text GENERATED ALWAYS AS (upper(d0)) STORED, d0 text, e numeric GENERATED ALWAYS AS (a::numeric / 2) STORED);
