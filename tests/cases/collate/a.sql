create table t (a text collate "C", b varchar(10), c text);
create index t_a on t (a collate "C" text_pattern_ops);
