ALTER TABLE public.m DETACH PARTITION public.m_2021;

ALTER TABLE public.m DETACH PARTITION public.m_2022;

DROP TABLE public.flip;

CREATE TABLE public.flip (
    id integer,
    k text
);

CREATE TABLE public.m_default PARTITION OF public.m DEFAULT;

ALTER TABLE public.loose ADD COLUMN extra text;

ALTER TABLE public.m_2022 ADD COLUMN extra text;

ALTER TABLE public.m ADD COLUMN extra text;

ALTER TABLE public.m_2021 ADD COLUMN extra text;

ALTER TABLE public.m ATTACH PARTITION public.loose FOR VALUES FROM ('2019-01-01') TO ('2020-01-01');

ALTER TABLE public.m ATTACH PARTITION public.m_2022 FOR VALUES FROM ('2022-01-01') TO ('2024-01-01');
