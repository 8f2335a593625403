create table m (id integer not null, day date not null, v integer, extra text) partition by range (day);
create table m_2020 partition of m for values from ('2020-01-01') to ('2021-01-01');
create table m_2021 (id integer not null, day date not null, v integer, extra text);
create table m_2022 partition of m for values from ('2022-01-01') to ('2024-01-01');
create table loose partition of m for values from ('2019-01-01') to ('2020-01-01');
create table m_default partition of m default;
create table flip (id integer, k text);
