COMMENT ON TABLE public.doomed IS NULL;

DROP TABLE public.doomed;

CREATE SCHEMA app;

CREATE TABLE app.n (
    x integer
);

COMMENT ON SCHEMA app IS 'application';

COMMENT ON COLUMN app.n.x IS E'back\\slash';

COMMENT ON TABLE public.t IS 'new table comment';

COMMENT ON COLUMN public.t.a IS 'the a';

COMMENT ON COLUMN public.t.b IS NULL;
