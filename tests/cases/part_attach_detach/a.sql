CREATE TABLE l (id int, k text) PARTITION BY LIST (k);
CREATE TABLE l_a PARTITION OF l FOR VALUES IN ('a');
CREATE TABLE l_b (id int, k text);
