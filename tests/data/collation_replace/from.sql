create collation ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
create table t (id integer, name text collate ci, tag varchar(10) collate ci);
create index t_name on t (name);
