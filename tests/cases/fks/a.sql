create table users (id serial primary key, email text unique not null, org_id int);
create table orgs (id int primary key, name text);
create table posts (id serial primary key, user_id int references users(id) on delete cascade, title text, created_at timestamptz not null default now());
create index posts_user_idx on posts(user_id);
create index on posts (lower(title)) where title is not null;
