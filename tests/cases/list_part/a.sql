create table ev (id int, kind text not null, at date) partition by list (kind);
create table ev_a partition of ev for values in ('a');
create table ev_b partition of ev for values in ('b', 'c');
create table h (id int primary key, v text) partition by hash (id);
create table h0 partition of h for values with (modulus 2, remainder 0);
create table h1 partition of h for values with (modulus 2, remainder 1);
