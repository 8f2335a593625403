create table base (created timestamp default now(), f text);
create table child (a integer, e integer, constraint a_pos check (a > 0)) inherits (base);
create table orphan (x integer);
create table child2 (y integer) inherits (base, orphan);
