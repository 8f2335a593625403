CREATE SCHEMA s;
CREATE TYPE s.kind AS ENUM ('a', 'b');
CREATE TABLE s.t (id int, k s.kind, ks s.kind[]);
