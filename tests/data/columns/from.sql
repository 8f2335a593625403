create table items (
    id integer primary key,
    name varchar(20) not null,
    price numeric(10,2),
    legacy text,
    qty integer default 0
);
