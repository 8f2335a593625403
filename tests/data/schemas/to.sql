create schema keep;
create table keep.t (id integer, v text);
create schema "New Schema";
create table "New Schema"."Table" ("Id" integer primary key, "user" text, "select" integer);
create index "Table_user" on "New Schema"."Table" ("user");
