COMMENT ON POLICY sel ON public.t IS NULL;

ALTER TABLE public.t NO FORCE ROW LEVEL SECURITY;

DROP POLICY sel ON public.t;

DROP POLICY mine ON public.t;

ALTER POLICY ins ON public.t TO app
  WITH CHECK (id > 0);

CREATE POLICY mine ON public.t FOR ALL TO PUBLIC
  USING (owner = current_user);

CREATE POLICY gone ON public.t FOR DELETE TO PUBLIC
  USING (NOT hidden);
