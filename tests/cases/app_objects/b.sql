-- Later: bodies and signatures change, a domain's check and a composite
-- type grow, the trigger fires on fewer columns, grants and policies move.
create extension if not exists pgcrypto;
create schema app;
create domain app.email as text check (value ~* '^[^@]+@[^@]+\.[^@]+$');
create domain app.pos_int as integer not null default 1 constraint pos check (value > 0);
create type app.addr as (street text, city text, zip varchar(10), country char(2));
create type app.span as range (subtype = timestamptz);
create table app.users (id uuid primary key default gen_random_uuid(), email app.email not null, home app.addr, qty app.pos_int, updated_at timestamptz);
create function app.touch() returns trigger language plpgsql as $$
begin
  new.updated_at := clock_timestamp();
  return new;
end;
$$;
create trigger users_touch before update of email on app.users for each row when (old.* is distinct from new.*) execute function app.touch();
create function app.user_count(active_only boolean default false) returns bigint language sql stable as $$ select count(*) from app.users $$;
create function app.find(p_email text, out id uuid, out email text) returns setof record language sql as $$ select id, email from app.users where email = p_email $$;
create function app.tbl(n int) returns table(k int, sq bigint) language sql immutable strict parallel safe as $$ select g, (g*g)::bigint from generate_series(1, n) g $$;
create function app.secure() returns void language plpgsql security definer set search_path = app, pg_temp as $$ begin perform 1; end $$;
create function app.add(a int, b int) returns int language sql immutable return a + b + 0;
create function app.atomic(x int) returns int language sql begin atomic select x * 2; end;
alter table app.users enable row level security;
create policy own on app.users for select to public using (email::text = current_setting('app.user', true));
create policy ins on app.users as restrictive for insert with check (qty > 0 and qty < 1000);
create policy upd on app.users for update to app_reader using (true);
do $$ begin create role app_reader; exception when duplicate_object then null; end $$;
grant usage on schema app to app_reader;
grant select, update (email) on app.users to app_reader;
revoke execute on function app.secure() from public;
create table app.audit (id bigint generated always as identity, what text);
create rule no_delete as on delete to app.audit do instead nothing;
create rule log_update as on update to app.audit do also insert into app.audit (what) values ('updated ' || old.id);
comment on function app.touch() is 'keeps updated_at current';
comment on policy own on app.users is 'row owner';
