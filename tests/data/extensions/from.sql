create extension pg_trgm version '1.3';
create extension hstore;
