CREATE TABLE public.base (
    id integer NOT NULL,
    created timestamp with time zone DEFAULT now()
);
CREATE TABLE public.kid (
    extra text
)
INHERITS (public.base);
ALTER TABLE ONLY public.base
    ADD CONSTRAINT base_pkey PRIMARY KEY (id);
