-- retort: aggregate public.mysum() exists only in the source and is not managed by retort: not migrated

-- retort: statistics public.st exists only in the target and is not managed by retort: not migrated

ALTER TABLE public.t DROP COLUMN b;
