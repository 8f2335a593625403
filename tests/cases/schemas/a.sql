create schema app;
create schema old;
create table app.items (id int primary key, name text);
create table old.stuff (x int);
create sequence app.counter start 100 increment 5;
comment on schema app is 'application';
comment on table app.items is 'things';
comment on column app.items.name is 'the name';
