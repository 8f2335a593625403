create function trg() returns trigger language plpgsql as $$ begin return new; end $$;
create table t (a int, b text);
create trigger keep before insert on t for each row execute function trg();
create trigger changed before update on t for each row execute function trg();
create trigger dropped after delete on t execute function trg();
create trigger switched after insert on t for each row execute function trg();
