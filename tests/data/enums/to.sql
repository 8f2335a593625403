create type mood as enum ('very sad', 'sad', 'ok', 'happy');
create type status as enum ('new', 'closed');
create type fresh as enum ('x', 'y');
create table tickets (
    id integer primary key,
    state status not null default 'new',
    history status[],
    feeling mood,
    kind fresh
);
