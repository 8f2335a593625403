ALTER TABLE public.base DROP COLUMN e;

ALTER TABLE public.child DROP COLUMN b;

CREATE TABLE public.child2 (
    y integer
) INHERITS (public.base, public.orphan);

ALTER TABLE public.base ADD COLUMN f text;

ALTER TABLE public.child ADD COLUMN e integer;

ALTER TABLE public.child ADD CONSTRAINT a_pos CHECK (a > 0);
