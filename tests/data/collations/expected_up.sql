CREATE COLLATION public.german (provider = libc, locale = 'C.UTF-8');

ALTER TABLE public.t ALTER COLUMN a TYPE text COLLATE public.german;

ALTER TABLE public.t ALTER COLUMN b TYPE text COLLATE public."numeric";

ALTER TABLE public.t ADD COLUMN c text COLLATE "C";

DROP COLLATION public.posix;
