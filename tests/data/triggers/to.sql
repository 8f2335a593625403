create function trg() returns trigger language plpgsql as $$ begin return new; end $$;
create table t (a int, b text);
create trigger keep before insert on t for each row execute procedure trg();
create trigger changed before update of b on t for each row when (new.b is not null) execute function trg();
create trigger added after truncate on t execute function trg();
create trigger switched after insert on t for each row execute function trg();
alter table t enable replica trigger switched;
comment on trigger added on t is 'new';
