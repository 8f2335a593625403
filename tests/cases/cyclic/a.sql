create table dept (id int primary key, name text);
create table emp (id int primary key, dept_id int, boss_id int references emp(id));
