CREATE TABLE public.base (
    id integer NOT NULL,
    created timestamp with time zone DEFAULT now(),
    note text
);
CREATE TABLE public.kid (
    extra text,
    note text
)
INHERITS (public.base);
CREATE TABLE public.kid2 (
    id integer NOT NULL,
    created timestamp with time zone DEFAULT now(),
    note text
);
ALTER TABLE ONLY public.kid2 INHERIT public.base;
ALTER TABLE ONLY public.base
    ADD CONSTRAINT base_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.kid
    ADD CONSTRAINT kid_pkey PRIMARY KEY (id);
