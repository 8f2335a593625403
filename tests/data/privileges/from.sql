create schema app;
create type mood as enum ('ok', 'meh');
create sequence app.ticket;
create table app.t (id int primary key, secret text, note text);
grant usage on schema app to reader;
grant select on app.t to reader with grant option;
grant select (id, note) on app.t to "Odd Role";
grant usage on sequence app.ticket to writer;
revoke usage on type mood from public;
