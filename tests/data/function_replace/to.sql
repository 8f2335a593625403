create function pos(x numeric) returns integer language sql immutable as 'select 1';
create table t (id int, v numeric constraint v_pos check (pos(v) = 1));
create function trg_b() returns trigger language plpgsql as $$ begin return new; end $$;
create trigger tt before insert on t for each row execute function trg_b();
create function gen_id() returns bigint language sql as 'select 1';
create table d (id int default gen_id());
