DROP TABLE public.gone;

CREATE TABLE public.fresh (
    id integer,
    doc jsonb
);

ALTER TABLE public.fresh SET (parallel_workers=2);

ALTER TABLE public.fresh ALTER COLUMN id SET STATISTICS 1000;

ALTER TABLE public.fresh ALTER COLUMN doc SET STORAGE EXTERNAL;

ALTER TABLE public.t RESET (fillfactor, autovacuum_enabled), SET (autovacuum_enabled=false, fillfactor=90);

ALTER TABLE public.t ALTER COLUMN v SET STORAGE EXTERNAL;

ALTER TABLE public.t ALTER COLUMN w SET COMPRESSION lz4;

ALTER TABLE public.t ALTER COLUMN n SET STATISTICS -1;

ALTER TABLE public.t REPLICA IDENTITY USING INDEX t_pkey;

ALTER TABLE public.t CLUSTER ON t_v;
