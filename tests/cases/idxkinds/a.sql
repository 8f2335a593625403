create extension if not exists pg_trgm;
create table doc (id int primary key, body jsonb, title text, tags text[], at timestamptz, loc point);
create index doc_body on doc using gin (body);
create index doc_title_trgm on doc using gin (title gin_trgm_ops);
