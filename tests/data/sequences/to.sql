create sequence a_id_seq;
create table a (id integer not null default nextval('a_id_seq'::regclass) primary key);
create sequence counter as bigint increment by 5 cache 10;
create table b (id serial);
create table c (id bigserial primary key, v text);
