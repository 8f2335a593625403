ALTER TABLE public.p ALTER COLUMN v TYPE integer;

ALTER TYPE public.e RENAME TO e__retort_old;
CREATE TYPE public.e AS ENUM ('a', 'b');
ALTER TABLE public.p ALTER COLUMN k TYPE public.e USING k::text::public.e;
DROP TYPE public.e__retort_old;
