create table m (id int not null, at date not null, v int, w text, primary key (id, at)) partition by range (at);
create table m_2020 partition of m for values from ('2020-01-01') to ('2021-01-01');
create table m_2021 partition of m for values from ('2021-01-01') to ('2022-06-01');
create table m_2022 partition of m for values from ('2022-06-01') to ('2023-01-01');
create index m_v on m (v, w);
create unique index m_w on m (w, at);
