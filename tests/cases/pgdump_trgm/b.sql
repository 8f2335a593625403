SET statement_timeout = 0;
SELECT pg_catalog.set_config('search_path', '', false);
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
COMMENT ON EXTENSION pg_trgm IS 'text similarity measurement and index searching based on trigrams';
CREATE TABLE public.docs (
    id integer NOT NULL,
    title text,
    body text
);
CREATE INDEX docs_title_trgm ON public.docs USING gin (title public.gin_trgm_ops);
CREATE INDEX docs_body_trgm ON public.docs USING gist (body public.gist_trgm_ops) WHERE (body IS NOT NULL);
