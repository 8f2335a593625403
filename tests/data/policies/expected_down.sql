COMMENT ON POLICY sel ON public.t IS NULL;

DROP POLICY append_only ON public.audit;

REVOKE INSERT ON TABLE public.audit FROM app;

ALTER TABLE public.t NO FORCE ROW LEVEL SECURITY;

ALTER TABLE public.audit DISABLE ROW LEVEL SECURITY;

DROP POLICY sel ON public.t;

DROP POLICY mine ON public.t;

ALTER POLICY ins ON public.t TO app
  WITH CHECK (id > 0);

DROP TABLE public.audit;

CREATE POLICY mine ON public.t FOR ALL TO PUBLIC
  USING (owner = current_user);

CREATE POLICY gone ON public.t FOR DELETE TO PUBLIC
  USING (NOT hidden);
