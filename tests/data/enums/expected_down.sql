CREATE TYPE public.gone AS ENUM ('a');

ALTER TABLE public.tickets DROP COLUMN kind;

ALTER TABLE public.tickets ALTER COLUMN state DROP DEFAULT;
ALTER TYPE public.status RENAME TO status__retort_old;
CREATE TYPE public.status AS ENUM ('new', 'open', 'closed');
ALTER TABLE public.tickets ALTER COLUMN state TYPE public.status USING state::text::public.status;
ALTER TABLE public.tickets ALTER COLUMN history TYPE public.status[] USING history::text[]::public.status[];
ALTER TABLE public.tickets ALTER COLUMN state SET DEFAULT 'new';
DROP TYPE public.status__retort_old;

ALTER TYPE public.mood RENAME TO mood__retort_old;
CREATE TYPE public.mood AS ENUM ('sad', 'ok');
ALTER TABLE public.tickets ALTER COLUMN feeling TYPE public.mood USING feeling::text::public.mood;
DROP TYPE public.mood__retort_old;

DROP TYPE public.fresh;
