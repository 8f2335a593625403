COMMENT ON TRIGGER added ON public.t IS NULL;

ALTER TABLE public.t ENABLE TRIGGER switched;

DROP TRIGGER changed ON public.t;

DROP TRIGGER added ON public.t;

CREATE TRIGGER dropped AFTER DELETE ON public.t EXECUTE FUNCTION public.trg();

CREATE TRIGGER changed BEFORE UPDATE ON public.t FOR EACH ROW EXECUTE FUNCTION public.trg();
