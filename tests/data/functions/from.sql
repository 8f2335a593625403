create table t (a int, b text);
create function f(x int) returns int language sql immutable as 'select x';
create function old_one() returns text language sql as $f$select '$$'$f$;
create function sig(a int) returns int language plpgsql as $$ begin return a; end $$;
create procedure p(a int) language plpgsql as $$ begin end $$;
