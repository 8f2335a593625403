create collation numeric (provider = icu, locale = 'en-u-kn-true');
create collation german (provider = libc, locale = 'C.UTF-8');
create table t (a text collate german, b text collate numeric, c text collate "C");
