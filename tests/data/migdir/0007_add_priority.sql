-- Add a priority to tasks, and index it.
--
-- Changes:
--   add column public.tasks.priority (integer, not null, default 0)
--   create index tasks_priority_idx on public.tasks (priority)
-- Hazards:
--   the index is built concurrently: outside a transaction

-- +up
ALTER TABLE public.tasks ADD COLUMN priority integer DEFAULT 0 NOT NULL;

-- +notransaction
CREATE INDEX CONCURRENTLY tasks_priority_idx ON public.tasks (priority);

-- +down
DROP INDEX CONCURRENTLY public.tasks_priority_idx;

ALTER TABLE public.tasks DROP COLUMN priority;

-- +validate
-- +expect value integer
SELECT data_type FROM information_schema.columns
 WHERE table_schema = 'public' AND table_name = 'tasks'
   AND column_name = 'priority';

-- +expect true
SELECT indisvalid FROM pg_index WHERE indexrelid = 'public.tasks_priority_idx'::regclass;

-- +expect 0 rows
SELECT 1 FROM public.tasks WHERE priority IS NULL;
