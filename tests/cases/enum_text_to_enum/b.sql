CREATE TYPE state_t AS ENUM ('new', 'done');
CREATE TABLE t (id int, state state_t DEFAULT 'new');
