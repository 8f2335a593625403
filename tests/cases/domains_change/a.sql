-- an app's value types as domains; b.sql tightens some, relaxes others
create schema billing;

create domain email as text
  constraint email_has_at check (value like '%@%');
-- added NOT VALID while old rows were cleaned up; validated in b.sql
alter domain email add constraint email_lower check (value = lower(value)) not valid;
create domain posint as integer check (value > 0);
create domain billing.money_amount as numeric(12,2) default 0 not null
  check (value >= 0);
create domain short_code as varchar(8) collate "C";
create domain product_code as short_code check (value <> '');
create domain percent as smallint check (value between 0 and 100);
create domain legacy_flag as boolean;
comment on domain posint is 'a positive integer';

create table customer (
  id posint primary key,
  email email not null,
  code short_code,
  discount percent default 0
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
