create table t (id serial primary key, v text not null default 'x', c integer check (c > 0));
create index t_v on t (v);
