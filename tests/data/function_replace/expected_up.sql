DROP TRIGGER tt ON public.t;

ALTER TABLE public.d ALTER COLUMN id DROP DEFAULT;

ALTER TABLE public.t DROP CONSTRAINT v_pos;

CREATE FUNCTION public.trg_b()
 RETURNS trigger
 LANGUAGE plpgsql
 VOLATILE
AS $$ begin return new; end $$;

CREATE TRIGGER tt BEFORE INSERT ON public.t FOR EACH ROW EXECUTE FUNCTION public.trg_b();

DROP FUNCTION public.gen_id();

CREATE FUNCTION public.gen_id()
 RETURNS bigint
 LANGUAGE sql
 VOLATILE
AS $$select 1$$;

ALTER TABLE public.d ALTER COLUMN id SET DEFAULT gen_id();

DROP FUNCTION public.pos(numeric);

CREATE FUNCTION public.pos(x numeric)
 RETURNS integer
 LANGUAGE sql
 IMMUTABLE
AS $$select 1$$;

ALTER TABLE public.t ADD CONSTRAINT v_pos CHECK (pos(v) = 1);

DROP FUNCTION public.trg_a();
