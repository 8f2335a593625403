create table t (id integer primary key, name varchar(40), price numeric);
create view cheap as select id, name from t where price < 20;
create view cheap_names as select name from cheap;
create view keep as select id from t;
create materialized view totals as select count(*) as n, sum(price) as s from t;
create index totals_n on totals (n);
create view fresh (a) as select name from t;
comment on view keep is 'untouched';
