DROP INDEX public.totals_n;

DROP MATERIALIZED VIEW public.totals;

DROP VIEW public.fresh;

DROP VIEW public.cheap_names;

DROP VIEW public.cheap;

ALTER TABLE public.t ALTER COLUMN name TYPE text;

CREATE MATERIALIZED VIEW public.totals AS
SELECT count(*) AS n FROM t;

CREATE INDEX totals_n ON public.totals USING btree (n);

CREATE VIEW public.old AS
SELECT 1 AS one;

CREATE VIEW public.cheap AS
SELECT id, name FROM t WHERE price < 10;

CREATE VIEW public.cheap_names AS
SELECT name FROM cheap;
