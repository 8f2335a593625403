ALTER TABLE public.child DROP CONSTRAINT child_parent_id_fkey;

DROP INDEX public.g_b;

ALTER TABLE public.g DROP CONSTRAINT g_b_check;

ALTER TABLE public.parent DROP CONSTRAINT parent_pkey;

ALTER TABLE public.g DROP COLUMN b;

DROP TABLE public.m_1;

DROP TABLE public.m;

CREATE TABLE public.m (
    id integer NOT NULL,
    day date NOT NULL
) PARTITION BY LIST (day);

CREATE TABLE public.m_1 PARTITION OF public.m FOR VALUES IN ('2020-01-01');

ALTER TABLE public.child ADD COLUMN parent_code text;

ALTER TABLE public.g ADD COLUMN b integer GENERATED ALWAYS AS (a * 2) STORED;

ALTER TABLE public.parent ALTER COLUMN code SET NOT NULL;

ALTER TABLE public.g ADD CONSTRAINT g_b_check CHECK (b > 0);

ALTER TABLE public.parent ADD CONSTRAINT parent_pkey PRIMARY KEY (id, code);

CREATE INDEX g_b ON public.g USING btree (b);

ALTER TABLE public.child ADD CONSTRAINT child_parent_id_fkey FOREIGN KEY (parent_id, parent_code) REFERENCES public.parent(id, code);
