create extension if not exists pg_trgm;
create table doc (id int primary key, body jsonb, title text, tags text[], at timestamptz, loc point);
create index doc_body on doc using gin (body jsonb_path_ops);
create index doc_title_trgm on doc using gist (title gist_trgm_ops);
create index doc_tags on doc using gin (tags);
create index doc_at_brin on doc using brin (at) with (pages_per_range = 32);
create index doc_multi on doc (title, (body->>'kind'), at desc nulls last) where id > 100;
comment on index doc_tags is 'tag lookup';
