CREATE TYPE public.fresh AS ENUM ('x', 'y');

ALTER TYPE public.mood ADD VALUE 'very sad' BEFORE 'sad';

ALTER TYPE public.mood ADD VALUE 'happy' AFTER 'ok';

ALTER TABLE public.tickets ALTER COLUMN state DROP DEFAULT;
ALTER TYPE public.status RENAME TO status__retort_old;
CREATE TYPE public.status AS ENUM ('new', 'closed');
ALTER TABLE public.tickets ALTER COLUMN state TYPE public.status USING state::text::public.status;
ALTER TABLE public.tickets ALTER COLUMN history TYPE public.status[] USING history::text[]::public.status[];
ALTER TABLE public.tickets ALTER COLUMN state SET DEFAULT 'new';
DROP TYPE public.status__retort_old;

ALTER TABLE public.tickets ADD COLUMN kind public.fresh;

DROP TYPE public.gone;
