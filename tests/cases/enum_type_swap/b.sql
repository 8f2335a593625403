CREATE TYPE new_state AS ENUM ('a', 'b', 'c');
CREATE TABLE t (id int, s new_state DEFAULT 'a', ss new_state[]);
