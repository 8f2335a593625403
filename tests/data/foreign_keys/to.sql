create table users (id integer primary key, email text unique);
create table posts (
    id integer primary key,
    user_id integer references users on delete cascade,
    editor text references users (email) deferrable initially deferred
);
create table tags (id integer primary key, post_id integer not null references posts (id), parent integer references tags);
create table likes (user_id integer references users, post_id integer references posts);
alter table likes add constraint likes_user_id_check check (user_id > 0) not valid;
