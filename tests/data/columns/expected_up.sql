ALTER TABLE public.items DROP COLUMN legacy;

ALTER TABLE public.items ALTER COLUMN name TYPE text;

ALTER TABLE public.items ALTER COLUMN name DROP NOT NULL;

ALTER TABLE public.items ALTER COLUMN price DROP DEFAULT;
ALTER TABLE public.items ALTER COLUMN price TYPE numeric(12,2);
ALTER TABLE public.items ALTER COLUMN price SET DEFAULT 0;

ALTER TABLE public.items ALTER COLUMN price SET NOT NULL;

ALTER TABLE public.items ALTER COLUMN qty DROP DEFAULT;
ALTER TABLE public.items ALTER COLUMN qty TYPE bigint;
ALTER TABLE public.items ALTER COLUMN qty SET DEFAULT 1;

ALTER TABLE public.items ADD COLUMN code text DEFAULT 'x' NOT NULL;

ALTER TABLE public.items ADD COLUMN note text COLLATE "C";
