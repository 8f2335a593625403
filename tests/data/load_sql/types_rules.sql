-- domains, composite and range types and rules, spelled the ways people
-- write them (the database's own spelling must load to the same model)
create schema "Money";
set search_path = "Money", public;

create domain "Amount" as numeric(12, 2) default 0.00 not null
  check (value >= 0) constraint "Amount_cap" check (value < 1e9);
create domain public.posint as int4 constraint posint_positive check (value > 0);
create domain public.small_posint as public.posint check (value < 100);
create domain public.flag as bool default 'yes';
create domain public.label as varchar(30) collate "C"
  check (value ~ '^[a-z_]+$') check (length(value) > 1);
alter domain public.label add constraint label_not_reserved
  check (value not in ('null', 'none')) not valid;
comment on domain "Amount" is 'money, never negative';

create type public.line_item as (
  sku public.label,
  qty public.small_posint,
  price "Amount",
  note text collate "POSIX"
);
create type "Money"."Pair" as ("Lo" int, "Hi" int);
alter type "Pair" add attribute extra text;
alter type "Pair" drop attribute extra;
create type public.price_range as range (subtype = numeric);
create type "Money".ts_span as range (subtype = timestamptz,
  multirange_type_name = ts_spans);
create type public.float_range as range (subtype = float8,
  subtype_diff = float8mi);
comment on type public.line_item is 'one line of an order';

set search_path = public;
create table orders (
  id bigint generated always as identity primary key,
  items line_item[] not null default '{}',
  total "Money"."Amount",
  window_ price_range,
  active flag,
  span "Money".ts_span
);
create table order_log (order_id bigint, what text, at timestamptz default now());

create rule orders_log_insert as on insert to orders
  do also insert into order_log (order_id, what) values (new.id, 'created');
create rule orders_log_total as on update to orders
  where new.total is distinct from old.total
  do also insert into order_log values (new.id, 'total ' || new.total::text);
create rule orders_no_delete as on delete to orders do instead nothing;
alter table orders disable rule orders_no_delete;
create rule order_log_append_only as on update to order_log
  do instead nothing;
comment on rule orders_no_delete on orders is 'soft delete only';
