create table m (id int not null, at date not null, v int, primary key (id, at)) partition by range (at);
create table m_2020 partition of m for values from ('2020-01-01') to ('2021-01-01');
create table m_2021 partition of m for values from ('2021-01-01') to ('2022-01-01');
create index m_v on m (v);
