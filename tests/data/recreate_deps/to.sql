create table m (id integer not null, day date not null) partition by list (day);
create table m_1 partition of m for values in ('2020-01-01');
create table parent (id integer, code text, primary key (id, code));
create table child (id integer, parent_id integer, parent_code text);
alter table child add constraint child_parent_id_fkey foreign key (parent_id, parent_code) references parent (id, code);
create table g (a integer, b integer generated always as (a * 2) stored, c integer);
create index g_b on g (b);
alter table g add constraint g_b_check check (b > 0);
