create table dept (id int primary key, name text, manager_id int);
create table emp (id int primary key, dept_id int references dept(id), boss_id int references emp(id) on delete set null);
alter table dept add constraint dept_manager_fk foreign key (manager_id) references emp(id);
