ALTER TABLE public.t SET WITHOUT CLUSTER;

ALTER TABLE public.t REPLICA IDENTITY DEFAULT;

ALTER TABLE public.t ALTER COLUMN n SET STATISTICS 200;

ALTER TABLE public.t ALTER COLUMN w SET COMPRESSION DEFAULT;

ALTER TABLE public.t ALTER COLUMN v SET STORAGE EXTENDED;

ALTER TABLE public.t RESET (autovacuum_enabled, fillfactor), SET (fillfactor=70, autovacuum_enabled=false);

DROP TABLE public.fresh;

CREATE TABLE public.gone (
    id integer
);

ALTER TABLE public.gone SET (fillfactor=50);
