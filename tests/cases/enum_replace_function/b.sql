-- A label goes (the enum is replaced: the function taking it is dropped
-- before and created after, or the old type cannot be dropped), the
-- domain widens, a column is added and a view shows it.
create type status as enum ('new', 'active', 'retired');
create domain short_text as varchar(80) check (value <> '');
create table accounts (id bigint generated always as identity primary key, name short_text not null, status status not null default 'new', balance numeric(14,2) default 0 check (balance >= 0), note text);
create index accounts_active on accounts (id) where status = 'active';
create function is_live(s status) returns boolean language sql immutable as $$ select s = 'active' or s = 'new' $$;
create view live_accounts as select id, name, note from accounts where is_live(status);
create view summary as select status, count(*) as n from accounts group by status;
grant select on live_accounts to public;
comment on view summary is 'per status';
