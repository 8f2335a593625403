CREATE TABLE base (id int, k int);
CREATE TABLE kid () INHERITS (base);
