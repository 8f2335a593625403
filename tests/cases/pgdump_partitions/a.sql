SET default_table_access_method = heap;
CREATE TABLE public.m (
    id integer NOT NULL,
    ts date NOT NULL,
    v integer
)
PARTITION BY RANGE (ts);
ALTER TABLE public.m OWNER TO harness;
CREATE TABLE public.m_2023 (
    id integer NOT NULL,
    ts date NOT NULL,
    v integer
);
ALTER TABLE ONLY public.m ATTACH PARTITION public.m_2023 FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
ALTER TABLE ONLY public.m
    ADD CONSTRAINT m_pkey PRIMARY KEY (id, ts);
ALTER TABLE ONLY public.m_2023
    ADD CONSTRAINT m_2023_pkey PRIMARY KEY (id, ts);
CREATE INDEX m_v_idx ON ONLY public.m USING btree (v);
CREATE INDEX m_2023_v_idx ON public.m_2023 USING btree (v);
ALTER INDEX public.m_pkey ATTACH PARTITION public.m_2023_pkey;
ALTER INDEX public.m_v_idx ATTACH PARTITION public.m_2023_v_idx;
