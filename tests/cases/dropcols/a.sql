create table t (id int primary key, a int, b text default 'x', c int);
create index t_a on t(a);
create table gone (id int);
create sequence lonely;
create type unused as enum ('x');
