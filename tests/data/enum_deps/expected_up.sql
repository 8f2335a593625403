DROP INDEX public.acct_open;

ALTER TABLE public.acct DROP CONSTRAINT acct_not_legacy;

ALTER TABLE public.task ALTER COLUMN p DROP DEFAULT;
ALTER TYPE public.prio RENAME TO prio__retort_old;
CREATE TYPE public.prio AS ENUM ('low', 'mid', 'high');
ALTER TABLE public.task ALTER COLUMN p TYPE public.prio USING p::text::public.prio;
ALTER TABLE public.task ALTER COLUMN p SET DEFAULT 'mid';
DROP TYPE public.prio__retort_old;

ALTER TABLE public.acct ALTER COLUMN s DROP DEFAULT;
ALTER TYPE public.st RENAME TO st__retort_old;
CREATE TYPE public.st AS ENUM ('new', 'active', 'closed');
COMMENT ON TYPE public.st IS 'account state';
ALTER TABLE public.acct ALTER COLUMN s TYPE public.st USING s::text::public.st;
ALTER TABLE public.acct ALTER COLUMN s SET DEFAULT 'active';
DROP TYPE public.st__retort_old;

ALTER TABLE public.acct ADD CONSTRAINT acct_not_legacy CHECK (s <> 'closed');

CREATE INDEX acct_open ON public.acct USING btree (id) WHERE s IN ('new', 'active');
