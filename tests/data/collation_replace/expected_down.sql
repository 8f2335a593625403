ALTER COLLATION public.ci RENAME TO ci__retort_old;
CREATE COLLATION public.ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
ALTER TABLE public.t ALTER COLUMN name TYPE text COLLATE public.ci;
ALTER TABLE public.t ALTER COLUMN tag TYPE character varying(10) COLLATE public.ci;
DROP COLLATION public.ci__retort_old;
