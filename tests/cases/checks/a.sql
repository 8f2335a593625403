create table t (status varchar(10) check (status in ('a','b')), n int, m int, constraint n_range check (n between 1 and 10), constraint nm check (n < m));
