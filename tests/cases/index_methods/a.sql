CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE TABLE docs (id int, body text, tags text[], meta jsonb, span tsrange, created timestamptz, tsv tsvector);
