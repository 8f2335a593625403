create schema s1;
create schema s2;
create type s1.st as enum ('on','off','unknown');
create table s1.a (id int primary key, st s1.st default 'off' not null);
create table s2.b (id int primary key, a_id int references s1.a(id) on delete cascade);
create sequence s2.seq as integer;
create table s2.c (id int default nextval('s2.seq'), x s1.st, y s1.st[]);
