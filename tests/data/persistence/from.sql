create unlogged table cache (k text primary key, v text);
create table log (id integer);
