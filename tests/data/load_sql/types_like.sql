create table ty (a interval, b interval day to second, c interval(3), d interval hour to minute, e interval year, f time(3), g timetz, h time with time zone, i bit(8), j varbit(4), k bit varying, l character varying, m char, n "char", o name, p float(24), q float(53), r float, s int4range, t jsonb, u uuid, v inet, w money, x xml, y tsvector, z bytea, aa oid, ab smallint[], ac int[][], ad timestamp(3) without time zone[], ae numeric, af boolean, ag serial8, ah smallserial, ai cidr, aj macaddr, ak point, al interval minute to second(2), am text collate "C", an decimal, ao dec(4,1), ap int2, aq int8, ar bool, as_ varchar(10)[], at character(2), au national character varying(3), av regclass, aw date[], ax tstzrange, ay json);
create table lk (id int primary key, v text not null default 'x' check (v <> ''), g int generated always as (id * 2) stored, i int generated always as identity, u int unique);
create index lk_v_idx2 on lk (lower(v));
comment on column lk.v is 'vee';
create table lk2 (like lk);
create table lk3 (like lk including all);
create table lk4 (extra int, like lk including defaults including constraints);
create table bd (a boolean default 'true', b bool default 'off', c bit(3) default B'101', d bit varying(8) default X'1F', e boolean default 'yes'::boolean, f bit(3) default '011');
alter table bd alter column a set default 'n';
