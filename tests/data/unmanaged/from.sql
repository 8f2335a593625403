create table t (a integer, c integer);
create statistics st on a, c from t;
