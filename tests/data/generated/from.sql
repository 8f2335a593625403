create table g (
    a integer,
    b integer generated always as (a * 2) stored,
    c integer,
    d integer generated always as (a + 1) stored
);
