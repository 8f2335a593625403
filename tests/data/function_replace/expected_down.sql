CREATE FUNCTION public.trg_a()
 RETURNS trigger
 LANGUAGE plpgsql
 VOLATILE
AS $$ begin return new; end $$;

DROP TRIGGER tt ON public.t;

ALTER TABLE public.t DROP CONSTRAINT v_pos;

ALTER TABLE public.d ALTER COLUMN id DROP DEFAULT;

DROP FUNCTION public.trg_b();

DROP FUNCTION public.pos(numeric);

DROP FUNCTION public.gen_id();

CREATE FUNCTION public.pos(x numeric)
 RETURNS boolean
 LANGUAGE sql
 IMMUTABLE
AS $$select x > 0$$;

CREATE FUNCTION public.gen_id()
 RETURNS integer
 LANGUAGE sql
 VOLATILE
AS $$select 1$$;

ALTER TABLE public.t ADD CONSTRAINT v_pos CHECK (pos(v));

ALTER TABLE public.d ALTER COLUMN id SET DEFAULT gen_id();

CREATE TRIGGER tt BEFORE INSERT ON public.t FOR EACH ROW EXECUTE FUNCTION public.trg_a();
