CREATE TYPE old_t AS ENUM ('x', 'y');
CREATE TABLE t (id int, v old_t);
