create table t (a int, b int, c int, d text, unique (a, b), constraint c_pos check (c > 0));
create unique index t_d_idx on t (d) include (c);
create table u (x int primary key, y int);
