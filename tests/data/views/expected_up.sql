DROP VIEW public.cheap_names;

DROP VIEW public.cheap;

DROP VIEW public.old;

DROP INDEX public.totals_n;

DROP MATERIALIZED VIEW public.totals;

ALTER TABLE public.t ALTER COLUMN name TYPE character varying(40);

CREATE VIEW public.cheap AS
SELECT id, name FROM t WHERE price < 20;

CREATE VIEW public.cheap_names AS
SELECT name FROM cheap;

CREATE VIEW public.fresh AS
SELECT name AS a FROM t;

CREATE MATERIALIZED VIEW public.totals AS
SELECT count(*) AS n, sum(price) AS s FROM t;

CREATE INDEX totals_n ON public.totals USING btree (n);
