create table t (a integer, c integer, b integer);
create aggregate mysum(integer) (sfunc = int4pl, stype = integer);
