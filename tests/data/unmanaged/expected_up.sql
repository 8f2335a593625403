ALTER TABLE public.t ADD COLUMN b integer;

-- retort: statistics public.st exists only in the source and is not managed by retort: not migrated

-- retort: aggregate public.mysum() exists only in the target and is not managed by retort: not migrated
