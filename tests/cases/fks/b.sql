create table orgs (id int primary key, name text not null);
create table users (id serial primary key, email text not null, org_id int references orgs(id) on update cascade on delete set null deferrable initially deferred);
create unique index users_email_lower on users (lower(email));
create table posts (id serial primary key, user_id int not null references users(id) on delete restrict, title text, body text, created_at timestamptz not null default now(), constraint title_len check (char_length(title) < 200) not valid);
create index posts_user_idx on posts(user_id, created_at desc);
create index posts_title_idx on posts using hash (title);
