create table t (id int primary key, v text, w text, n numeric) with (fillfactor = 70, autovacuum_enabled = false);
create index t_v on t (v);
alter table t alter column n set statistics 200;
create table gone (id int) with (fillfactor = 50);
