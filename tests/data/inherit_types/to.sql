create type e as enum ('b', 'a');
create table p (v bigint, k e);
create table c (v bigint, k e, w text) inherits (p);
