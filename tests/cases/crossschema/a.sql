create schema s1;
create schema s2;
create type s1.st as enum ('on','off');
create table s1.a (id int primary key, st s1.st default 'on');
create table s2.b (id int primary key, a_id int references s1.a(id));
create sequence s2.seq;
create table s2.c (id int default nextval('s2.seq'), x s1.st);
