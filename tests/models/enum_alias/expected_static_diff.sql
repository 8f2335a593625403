-- retort diff postgres://<create_all on 0.0.8> models.py: the static reader
-- follows current SQLModel/SQLAlchemy 2.0, which leaves alias members out.
-- sqlmodel-mapping.md section 5: "enum alias members | included in
-- `CREATE TYPE` | omitted | SQLAlchemy 2"; section 2.6: "SQLAlchemy 1.4
-- **includes** alias names (`'SQUARE', 'CIRCLE', 'ROUND'`), SQLAlchemy 2.0
-- omits them (`omit_aliases` default became True in 2.0)".

ALTER TYPE public.shape RENAME TO shape__retort_old;
CREATE TYPE public.shape AS ENUM ('SQUARE', 'CIRCLE');
ALTER TABLE public.drawing ALTER COLUMN shape TYPE public.shape USING shape::text::public.shape;
DROP TYPE public.shape__retort_old;
