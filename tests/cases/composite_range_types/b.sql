-- composite and range types used by tables; b.sql alters some in place
-- and recreates others
create schema geo;

-- in place: an attribute dropped, one retyped, one added at the end
create type address as (street text, city varchar(100), country text);
-- reordered: recreated under its column
create type geo.point2 as (y double precision, x double precision);
create type money_pair as (amount numeric(10,2), currency char(3));
create type floatrange as range (subtype = float8, subtype_diff = float8mi);
-- a range type's definition changes: recreated
create type textrange_c as range (subtype = text, collation = "POSIX");
create type geo.coordrange as range (subtype = numeric,
  multirange_type_name = geo.coord_multi);
create type intpair as (lo int, hi int);
comment on type address is 'postal address, international';
comment on type floatrange is 'hours of the day';

create table shop (
  id integer primary key,
  addr address,
  loc geo.point2,
  price money_pair,
  hours floatrange,
  names textrange_c[],
  span intpair
);
