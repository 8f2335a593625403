CREATE TABLE base (id int, k int);
CREATE TABLE kid (id int, k int, extra int);
