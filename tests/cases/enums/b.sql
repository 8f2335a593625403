create type mood as enum ('sad', 'meh', 'ok', 'happy', 'ecstatic');
create type color as enum ('green', 'blue');
create table p (id int primary key, m mood default 'ok', c color[]);
comment on type mood is 'feelings';
