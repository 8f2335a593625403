CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE TABLE docs (id int, body text, tags text[], meta jsonb, span tsrange, created timestamptz, tsv tsvector);
CREATE INDEX docs_tags_gin ON docs USING gin (tags);
CREATE INDEX docs_meta_gin ON docs USING gin (meta jsonb_path_ops);
CREATE INDEX docs_body_trgm ON docs USING gin (body gin_trgm_ops);
CREATE INDEX docs_span_gist ON docs USING gist (span);
CREATE INDEX docs_created_brin ON docs USING brin (created) WITH (pages_per_range = 32);
CREATE INDEX docs_id_hash ON docs USING hash (id);
CREATE INDEX docs_tsv ON docs USING gin (tsv) WITH (fastupdate = off);
