create table g (
    a integer,
    b integer,
    c integer generated always as (a * 3) stored,
    d integer generated always as (a + 2) stored
);
