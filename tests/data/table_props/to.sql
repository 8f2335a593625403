create table t (id int primary key, v text, w text compression lz4, n numeric) with (autovacuum_enabled = false, fillfactor = 90);
create index t_v on t (v);
alter table t alter column v set storage external;
alter table t alter column n set storage main;
alter table t replica identity using index t_pkey;
alter table t cluster on t_v;
create table fresh (id int, doc jsonb) with (parallel_workers = 2);
alter table fresh alter column doc set storage external, alter column id set statistics 1000;
