DROP POLICY gone ON public.t;

DROP POLICY mine ON public.t;

CREATE TABLE public.audit (
    at timestamp with time zone,
    what text
);

ALTER POLICY ins ON public.t TO "Other", app
  WITH CHECK (id > 0 AND owner IS NOT NULL);

CREATE POLICY mine ON public.t FOR ALL TO PUBLIC
  USING (owner = current_user)
  WITH CHECK (owner = current_user);

CREATE POLICY sel ON public.t AS RESTRICTIVE FOR SELECT TO PUBLIC
  USING (NOT hidden);

ALTER TABLE public.audit ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.t FORCE ROW LEVEL SECURITY;

GRANT INSERT ON TABLE public.audit TO app;

CREATE POLICY append_only ON public.audit FOR INSERT TO PUBLIC
  WITH CHECK (true);

COMMENT ON POLICY sel ON public.t IS 'hidden rows stay hidden';
