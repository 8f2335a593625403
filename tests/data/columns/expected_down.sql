ALTER TABLE public.items DROP COLUMN note;

ALTER TABLE public.items DROP COLUMN code;

ALTER TABLE public.items ALTER COLUMN qty DROP DEFAULT;
ALTER TABLE public.items ALTER COLUMN qty TYPE integer;
ALTER TABLE public.items ALTER COLUMN qty SET DEFAULT 0;

ALTER TABLE public.items ALTER COLUMN price DROP NOT NULL;

ALTER TABLE public.items ALTER COLUMN price DROP DEFAULT;
ALTER TABLE public.items ALTER COLUMN price TYPE numeric(10,2);

ALTER TABLE public.items ALTER COLUMN name SET NOT NULL;

ALTER TABLE public.items ALTER COLUMN name TYPE character varying(20);

ALTER TABLE public.items ADD COLUMN legacy text;
