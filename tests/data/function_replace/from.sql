create function pos(x numeric) returns boolean language sql immutable as 'select x > 0';
create table t (id int, v numeric constraint v_pos check (pos(v)));
create function trg_a() returns trigger language plpgsql as $$ begin return new; end $$;
create trigger tt before insert on t for each row execute function trg_a();
create function gen_id() returns int language sql as 'select 1';
create table d (id int default gen_id());
