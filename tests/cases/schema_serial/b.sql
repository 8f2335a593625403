CREATE SCHEMA app;
CREATE TABLE app.t (id bigserial PRIMARY KEY, v text);
CREATE TABLE app.u (id serial PRIMARY KEY, t_id bigint REFERENCES app.t);
CREATE TABLE public.u (id smallserial, n int GENERATED ALWAYS AS IDENTITY);
