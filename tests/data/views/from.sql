create table t (id integer primary key, name text, price numeric);
create view cheap as select id, name from t where price < 10;
create view cheap_names as select name from cheap;
create view keep as select id from t;
create materialized view totals as select count(*) as n from t;
create index totals_n on totals (n);
create view old as select 1 as one;
comment on view keep is 'untouched';
