ALTER TABLE public.child DROP CONSTRAINT child_parent_id_fkey;

DROP INDEX public.g_b;

ALTER TABLE public.parent DROP CONSTRAINT parent_pkey;

ALTER TABLE public.g DROP CONSTRAINT g_b_check;

ALTER TABLE public.parent ALTER COLUMN code DROP NOT NULL;

ALTER TABLE public.g DROP COLUMN b;

ALTER TABLE public.child DROP COLUMN parent_code;

DROP TABLE public.m_1;

DROP TABLE public.m;

CREATE TABLE public.m (
    id integer NOT NULL,
    day date NOT NULL
) PARTITION BY RANGE (day);

CREATE TABLE public.m_1 PARTITION OF public.m FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');

ALTER TABLE public.g ADD COLUMN b integer;

ALTER TABLE public.parent ADD CONSTRAINT parent_pkey PRIMARY KEY (id);

ALTER TABLE public.g ADD CONSTRAINT g_b_check CHECK (b > 0);

CREATE INDEX g_b ON public.g USING btree (b);

ALTER TABLE public.child ADD CONSTRAINT child_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES public.parent(id);
