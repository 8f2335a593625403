create type e as enum ('a');
create table t (a e, b int, c e[]);
create table k () inherits (t);
drop type e cascade;
