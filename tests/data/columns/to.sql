create table items (
    id integer primary key,
    name text,
    price numeric(12,2) not null default 0,
    qty bigint default 1,
    code text not null default 'x',
    note text collate "C"
);
