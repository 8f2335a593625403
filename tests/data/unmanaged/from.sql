create table t (a integer);
create view v as select a from t;
