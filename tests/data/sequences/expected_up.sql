ALTER SEQUENCE public.a_id_seq OWNED BY NONE;

ALTER SEQUENCE public.a_id_seq AS bigint MINVALUE 1 MAXVALUE 9223372036854775807;

ALTER SEQUENCE public.b_id_seq AS integer MINVALUE 1 MAXVALUE 2147483647;

CREATE SEQUENCE public.c_id_seq AS bigint;

ALTER SEQUENCE public.counter AS bigint INCREMENT BY 5 MINVALUE 1 MAXVALUE 9223372036854775807 CACHE 10;

CREATE TABLE public.c (
    id bigint DEFAULT nextval('c_id_seq'::regclass) NOT NULL,
    v text,
    CONSTRAINT c_pkey PRIMARY KEY (id)
);

ALTER SEQUENCE public.b_id_seq OWNED BY public.b.id;

ALTER SEQUENCE public.c_id_seq OWNED BY public.c.id;

DROP SEQUENCE public.old_seq;
