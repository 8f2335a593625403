CREATE COLLATION public.posix (provider = libc, locale = 'POSIX');

ALTER TABLE public.t DROP COLUMN c;

ALTER TABLE public.t ALTER COLUMN b TYPE text COLLATE public.posix;

ALTER TABLE public.t ALTER COLUMN a TYPE text;

DROP COLLATION public.german;
