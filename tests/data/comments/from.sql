create table t (a integer, b text);
comment on table t is 'old table comment';
comment on column t.b is 'gone';
create table doomed (x integer);
comment on table doomed is 'it''s going';
