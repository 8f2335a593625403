create table t (id int generated always as identity (start with 10 increment by 2), v int);
create table s (id serial, v int);
