DROP TRIGGER tt ON public.t;

ALTER TABLE public.d ALTER COLUMN id DROP DEFAULT;

ALTER TABLE public.t DROP CONSTRAINT v_pos;

DROP FUNCTION public.gen_id();

DROP FUNCTION public.pos(numeric);

CREATE FUNCTION public.gen_id()
 RETURNS bigint
 LANGUAGE sql
 VOLATILE
AS $$select 1$$;

CREATE FUNCTION public.pos(x numeric)
 RETURNS integer
 LANGUAGE sql
 IMMUTABLE
AS $$select 1$$;

CREATE FUNCTION public.trg_b()
 RETURNS trigger
 LANGUAGE plpgsql
 VOLATILE
AS $$ begin return new; end $$;

ALTER TABLE public.d ALTER COLUMN id SET DEFAULT gen_id();

ALTER TABLE public.t ADD CONSTRAINT v_pos CHECK (pos(v) = 1);

CREATE TRIGGER tt BEFORE INSERT ON public.t FOR EACH ROW EXECUTE FUNCTION public.trg_b();

DROP FUNCTION public.trg_a();
