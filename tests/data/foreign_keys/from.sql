create table users (id integer primary key, email text unique);
create table posts (id integer primary key, user_id integer references users);
