create collation posix from "POSIX";
create collation numeric (provider = icu, locale = 'en-u-kn-true');
create table t (a text, b text collate posix);
