create type mood as enum ('sad', 'ok');
create type status as enum ('new', 'open', 'closed');
create type gone as enum ('a');
create table tickets (
    id integer primary key,
    state status not null default 'new',
    history status[],
    feeling mood
);
