create table cache (k text primary key, v text);
create unlogged table log (id integer);
create unlogged table scratch (x integer);
