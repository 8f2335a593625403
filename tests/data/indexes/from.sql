create table docs (id integer primary key, title text, body text, "Owner" text);
create index docs_title_idx on docs (title);
create index docs_lower on docs (lower(title));
create unique index docs_owner_uq on docs ("Owner") where "Owner" is not null;
