create schema old;
create table old.t (id integer);
create schema keep;
create table keep.t (id integer);
