CREATE TYPE old_state AS ENUM ('a', 'b');
CREATE TABLE t (id int, s old_state DEFAULT 'a', ss old_state[]);
