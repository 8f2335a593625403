-- an app's value types as domains; b.sql tightens some, relaxes others
create schema billing;

create domain email as text
  constraint email_has_at check (value like '%@%')
  constraint email_len check (char_length(value) <= 254)
  constraint email_lower check (value = lower(value));
create domain posint as integer check (value > 0);
create domain billing.money_amount as numeric(12,2) default 1
  check (value >= 0) check (value < 1000000);
alter domain billing.money_amount add constraint money_not_13 check (value <> 13) not valid;
-- the base type changes: the domain is recreated under its column
create domain short_code as varchar(16) collate "C" not null;
-- unchanged, but made of short_code: recreated with it
create domain product_code as short_code check (value <> '');
create domain percent as smallint;
create domain rating as integer check (value between 1 and 5);
comment on domain posint is 'a strictly positive integer';
comment on domain rating is 'stars';

create table customer (
  id posint primary key,
  email email not null,
  code short_code default 'none',
  discount percent default 0,
  stars rating
);

-- a rule reading a column whose domain is recreated in b.sql
create table customer_log (customer_id posint, code short_code);
create rule customer_code_log as on update to customer
  where new.code is distinct from old.code
  do also insert into customer_log values (new.id, new.code);

create table product (
  code product_code primary key,
  name text not null
);

create table billing.invoice (
  id bigint generated always as identity primary key,
  customer_id posint not null references customer (id),
  total billing.money_amount
);
