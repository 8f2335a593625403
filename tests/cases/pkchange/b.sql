create table a (id int, code text primary key);
create table b (id int primary key, a_code text references a(code));
