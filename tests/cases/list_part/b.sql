create table ev (id int, kind text not null, at date, note text) partition by list (kind);
create table ev_a partition of ev for values in ('a', 'x');
create table ev_b partition of ev for values in ('b', 'c');
create table ev_def partition of ev default;
create index ev_at on ev (at);
create table h (id int primary key, v text) partition by hash (id);
create table h0 partition of h for values with (modulus 2, remainder 0);
create table h1 partition of h for values with (modulus 2, remainder 1);
