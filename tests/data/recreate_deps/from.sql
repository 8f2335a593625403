create table m (id integer not null, day date not null) partition by range (day);
create table m_1 partition of m for values from ('2020-01-01') to ('2021-01-01');
create table parent (id integer primary key, code text);
create table child (id integer, parent_id integer references parent (id));
create table g (a integer, b integer, c integer);
create index g_b on g (b);
alter table g add constraint g_b_check check (b > 0);
