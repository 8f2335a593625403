create type mood as enum ('sad', 'ok', 'happy');
create type color as enum ('red', 'green');
create table p (id int primary key, m mood default 'ok', c color[]);
comment on type mood is 'how it feels';
