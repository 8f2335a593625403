create table t (id int primary key, owner text, hidden boolean);
alter table t enable row level security;
create policy mine on t using (owner = current_user);
create policy ins on t for insert to app with check (id > 0);
create policy gone on t for delete using (not hidden);
