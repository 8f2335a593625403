ALTER TABLE public.child DROP CONSTRAINT a_pos;

ALTER TABLE public.child DROP COLUMN e;

ALTER TABLE public.base DROP COLUMN f;

DROP TABLE public.child2;

ALTER TABLE public.child ADD COLUMN b integer;

ALTER TABLE public.base ADD COLUMN e integer;
