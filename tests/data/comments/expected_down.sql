COMMENT ON COLUMN public.t.b IS 'gone';

COMMENT ON COLUMN public.t.a IS NULL;

COMMENT ON TABLE public.t IS 'old table comment';

COMMENT ON COLUMN app.n.x IS NULL;

COMMENT ON SCHEMA app IS NULL;

DROP TABLE app.n;

DROP SCHEMA app;

CREATE TABLE public.doomed (
    x integer
);

COMMENT ON TABLE public.doomed IS 'it''s going';
