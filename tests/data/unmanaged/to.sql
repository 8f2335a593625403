create table t (a integer, b integer);
create function f() returns integer language sql as 'select 1';
