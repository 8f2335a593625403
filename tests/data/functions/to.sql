create table t (a int, b text);
create function f(x int) returns int language sql stable as 'select x + 1';
create function sig(a int, b int default 0) returns int language plpgsql as $$ begin return a + b; end $$;
create procedure p(a int) language plpgsql security definer set search_path = public as $$ begin end $$;
create function new_one(t text, out n int, out m text) returns record language sql as $q$select 1, '$$ $function$'$q$;
comment on function new_one(text) is 'new';
