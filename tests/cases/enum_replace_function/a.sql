-- An enum used by a column, a partial index, a function's argument and two
-- views; a domain under a column.
create type status as enum ('new', 'active', 'retired', 'banned');
create domain short_text as varchar(50) check (value <> '');
create table accounts (id bigint generated always as identity primary key, name short_text not null, status status not null default 'new', balance numeric(12,2) default 0 check (balance >= 0));
create index accounts_active on accounts (id) where status = 'active';
create function is_live(s status) returns boolean language sql immutable as $$ select s in ('new', 'active') $$;
create view live_accounts as select id, name from accounts where is_live(status);
create view summary as select status, count(*) as n from accounts group by status;
grant select on live_accounts to public;
comment on view summary is 'per status';
