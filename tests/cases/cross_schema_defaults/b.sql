CREATE SCHEMA app;
CREATE SEQUENCE pub_seq;
CREATE SEQUENCE app.app_seq;
CREATE TYPE app.kind AS ENUM ('x', 'y');
CREATE TABLE app.t (id int DEFAULT nextval('pub_seq'), n bigint DEFAULT nextval('app.app_seq'), k app.kind DEFAULT 'y'::app.kind CHECK (k <> 'x'::app.kind));
CREATE TABLE public.u (id int DEFAULT nextval('app.app_seq'::regclass), k app.kind[] DEFAULT '{}');
CREATE INDEX u_k ON public.u (id) WHERE k <> '{}';
