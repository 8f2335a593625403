COMMENT ON FUNCTION public.new_one(text) IS NULL;

CREATE FUNCTION public.old_one()
 RETURNS text
 LANGUAGE sql
 VOLATILE
AS $function$select '$$'$function$;

DROP FUNCTION public.sig(integer, integer);

CREATE OR REPLACE PROCEDURE public.p(a integer)
 LANGUAGE plpgsql
AS $$ begin end $$;

DROP FUNCTION public.new_one(text);

CREATE OR REPLACE FUNCTION public.f(x integer)
 RETURNS integer
 LANGUAGE sql
 IMMUTABLE
AS $$select x$$;

CREATE FUNCTION public.sig(a integer)
 RETURNS integer
 LANGUAGE plpgsql
 VOLATILE
AS $$ begin return a; end $$;
