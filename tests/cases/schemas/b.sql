create schema app;
create schema "New Schema";
create table app.items (id int primary key, name text, "Weird Col" int);
create table "New Schema"."Mixed Case" (id int);
create sequence app.counter start 100 increment 10 maxvalue 100000 cycle;
comment on table app.items is 'things and stuff';
comment on column app.items."Weird Col" is 'it''s weird';
