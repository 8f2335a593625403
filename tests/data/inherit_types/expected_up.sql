ALTER TYPE public.e RENAME TO e__retort_old;
CREATE TYPE public.e AS ENUM ('b', 'a');
ALTER TABLE public.p ALTER COLUMN k TYPE public.e USING k::text::public.e;
DROP TYPE public.e__retort_old;

ALTER TABLE public.p ALTER COLUMN v TYPE bigint;
