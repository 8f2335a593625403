ALTER TABLE public.log SET LOGGED;

ALTER TABLE public.cache SET UNLOGGED;

DROP TABLE public.scratch;
