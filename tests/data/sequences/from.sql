create table a (id serial primary key);
create sequence counter as integer increment by 1;
create sequence old_seq;
create table b (id integer not null default nextval('b_id_seq'::regclass));
create sequence b_id_seq;
