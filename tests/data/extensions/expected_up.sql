CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA public VERSION '1.5';

ALTER EXTENSION pg_trgm UPDATE TO '1.4';

CREATE TABLE public.words (
    w public.citext
);

DROP EXTENSION hstore;
