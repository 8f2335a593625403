create table t (a int not null, b int, c int, d text, unique nulls not distinct (a, b), constraint c_pos check (c > 1));
create unique index t_d_idx on t (d) include (c, a);
create table u (x int, y int, primary key (x, y));
alter table t add constraint t_u_fk foreign key (a, b) references u(x, y) match full;
