create table t (a text, b varchar(10) collate "POSIX", c text collate "C");
create index t_a on t (a text_pattern_ops);
