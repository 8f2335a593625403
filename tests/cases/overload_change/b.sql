-- item_value takes a bigint, is_cheap gains a defaulted argument, and the
-- columns under the views are retyped.
create table items (id serial primary key, name varchar(100) not null, price numeric(12,2), qty bigint default 0);
create function item_value(p numeric, q bigint) returns numeric language sql immutable as $$ select p * q $$;
create view item_values as select id, name, item_value(price, qty) as value from items;
create materialized view top_items as select id, name, value from item_values where value > 100;
create unique index top_items_id on top_items (id);
create view top_names as select name from top_items;
create view items_rw as select id, name from items;
create function items_rw_ins() returns trigger language plpgsql as $$ begin insert into items (name) values (new.name); return new; end $$;
create trigger items_rw_ins instead of insert on items_rw for each row execute function items_rw_ins();
create function is_cheap(p numeric, lim numeric default 10) returns boolean language sql stable as $$ select p < lim $$;
alter table items enable row level security;
create policy cheap_only on items for select using (is_cheap(price));
