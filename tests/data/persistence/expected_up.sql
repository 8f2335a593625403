CREATE UNLOGGED TABLE public.scratch (
    x integer
);

ALTER TABLE public.cache SET LOGGED;

ALTER TABLE public.log SET UNLOGGED;
