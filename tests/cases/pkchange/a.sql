create table a (id int primary key, code text);
create table b (id int primary key, a_id int references a(id));
