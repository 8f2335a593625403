create type e as enum ('a', 'b');
create table p (v integer, k e);
create table c (v integer, k e, w text) inherits (p);
