ALTER TABLE public.m DETACH PARTITION public.m_2022;

ALTER TABLE public.m DETACH PARTITION public.loose;

ALTER TABLE public.m_2021 DROP COLUMN extra;

ALTER TABLE public.m DROP COLUMN extra;

ALTER TABLE public.m_2022 DROP COLUMN extra;

ALTER TABLE public.loose DROP COLUMN extra;

DROP TABLE public.m_default;

DROP TABLE public.flip;

CREATE TABLE public.flip (
    id integer,
    k text
) PARTITION BY LIST (k);

ALTER TABLE public.m ATTACH PARTITION public.m_2022 FOR VALUES FROM ('2022-01-01') TO ('2023-01-01');

ALTER TABLE public.m ATTACH PARTITION public.m_2021 FOR VALUES FROM ('2021-01-01') TO ('2022-01-01');
