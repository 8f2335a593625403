CREATE TABLE l (id int, k text) PARTITION BY LIST (k);
CREATE TABLE l_a (id int, k text);
CREATE TABLE l_b PARTITION OF l FOR VALUES IN ('b', 'bb');
