create table t (id int primary key, owner text, hidden boolean);
alter table t enable row level security, force row level security;
create policy mine on t using (owner = current_user) with check (owner = current_user);
create policy ins on t for insert to app, "Other" with check (id > 0 and owner is not null);
create policy sel on t as restrictive for select using (not hidden);
comment on policy sel on t is 'hidden rows stay hidden';
