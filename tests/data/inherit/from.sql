create table base (created timestamp default now(), e integer);
create table child (a integer, b integer) inherits (base);
create table orphan (x integer);
