DROP FUNCTION public.sig(integer);

CREATE OR REPLACE FUNCTION public.f(x integer)
 RETURNS integer
 LANGUAGE sql
 STABLE
AS $$select x + 1$$;

CREATE FUNCTION public.new_one(t text, OUT n integer, OUT m text)
 RETURNS record
 LANGUAGE sql
 VOLATILE
AS $body1$select 1, '$$ $function$'$body1$;

CREATE OR REPLACE PROCEDURE public.p(a integer)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public'
AS $$ begin end $$;

CREATE FUNCTION public.sig(a integer, b integer DEFAULT 0)
 RETURNS integer
 LANGUAGE plpgsql
 VOLATILE
AS $$ begin return a + b; end $$;

DROP FUNCTION public.old_one();

COMMENT ON FUNCTION public.new_one(text) IS 'new';
