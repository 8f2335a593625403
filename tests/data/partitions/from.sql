create table m (id integer not null, day date not null, v integer) partition by range (day);
create table m_2020 partition of m for values from ('2020-01-01') to ('2021-01-01');
create table m_2021 partition of m for values from ('2021-01-01') to ('2022-01-01');
create table m_2022 partition of m for values from ('2022-01-01') to ('2023-01-01');
create table loose (id integer not null, day date not null, v integer);
create table flip (id integer, k text) partition by list (k);
