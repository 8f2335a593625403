create schema app;
comment on schema app is 'application';
create table t (a integer, b text);
comment on table t is 'new table comment';
comment on column t.a is 'the a';
create table app.n (x integer);
comment on column app.n.x is 'back\slash';
