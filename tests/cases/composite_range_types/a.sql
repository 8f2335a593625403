-- composite and range types used by tables; b.sql alters some in place
-- and recreates others
create schema geo;

create type address as (street text, city text, zip varchar(10));
create type geo.point2 as (x double precision, y double precision);
create type money_pair as (amount numeric(10,2), currency char(3));
create type obsolete as (a int);
create type floatrange as range (subtype = float8, subtype_diff = float8mi);
create type textrange_c as range (subtype = text, collation = "C");
create type geo.coordrange as range (subtype = numeric);
comment on type address is 'postal address';

create table shop (
  id integer primary key,
  addr address,
  loc geo.point2,
  price money_pair,
  hours floatrange,
  names textrange_c[]
);
