-- An application's database objects beyond tables: domains, composite and
-- range types, functions of every form, a trigger, policies, grants, a rule.
create extension if not exists pgcrypto;
create schema app;
create domain app.email as text check (value ~* '^[^@]+@[^@]+$');
create domain app.pos_int as integer not null default 1 constraint pos check (value > 0);
create type app.addr as (street text, city text, zip varchar(10));
create type app.span as range (subtype = timestamptz);
create table app.users (id uuid primary key default gen_random_uuid(), email app.email not null, home app.addr, qty app.pos_int, updated_at timestamptz);
create function app.touch() returns trigger language plpgsql as $$
begin
  new.updated_at := now();
  return new;
end;
$$;
create trigger users_touch before update of email, home on app.users for each row when (old.* is distinct from new.*) execute function app.touch();
create function app.user_count(active_only boolean default true) returns bigint language sql stable as $$ select count(*) from app.users $$;
create function app.find(p_email text, out id uuid, out email text) returns setof record language sql as $$ select id, email from app.users where email = p_email $$;
create function app.tbl(n int) returns table(k int, sq int) language sql immutable strict parallel safe as $$ select g, g*g from generate_series(1, n) g $$;
create function app.secure() returns void language plpgsql security definer set search_path = app, pg_temp as $$ begin perform 1; end $$;
create procedure app.cleanup(days int default 30) language sql as $$ delete from app.users where updated_at < now() - make_interval(days => days) $$;
create function app.add(a int, b int) returns int language sql immutable return a + b;
create function app.atomic(x int) returns int language sql begin atomic select x * 2; end;
alter table app.users enable row level security;
create policy own on app.users for select to public using (email::text = current_setting('app.user', true));
create policy ins on app.users as restrictive for insert with check (qty > 0);
do $$ begin create role app_reader; exception when duplicate_object then null; end $$;
grant usage on schema app to app_reader;
grant select on app.users to app_reader;
grant execute on function app.user_count(boolean) to app_reader;
revoke execute on function app.secure() from public;
create table app.audit (id bigint generated always as identity, what text);
create rule no_delete as on delete to app.audit do instead nothing;
comment on function app.touch() is 'keeps updated_at';
comment on policy own on app.users is 'row owner';
