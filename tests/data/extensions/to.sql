create extension citext version '1.5';
create extension pg_trgm version '1.4';
create table words (w citext);
