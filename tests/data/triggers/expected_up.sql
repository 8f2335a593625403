DROP TRIGGER changed ON public.t;

DROP TRIGGER dropped ON public.t;

CREATE TRIGGER added AFTER TRUNCATE ON public.t EXECUTE FUNCTION public.trg();

CREATE TRIGGER changed BEFORE UPDATE OF b ON public.t FOR EACH ROW WHEN (new.b IS NOT NULL) EXECUTE FUNCTION public.trg();

ALTER TABLE public.t ENABLE REPLICA TRIGGER switched;

COMMENT ON TRIGGER added ON public.t IS 'new';
