-- an audit trail and a soft delete made with rules
create table account (
  id integer primary key,
  name text not null,
  deleted boolean not null default false
);
create table audit_log (
  account_id integer,
  action text,
  at timestamptz default now()
);
create table archive (id integer, name text);

create rule account_audit_ins as on insert to account
  do also insert into audit_log (account_id, action) values (new.id, 'insert');
create rule account_soft_delete as on delete to account
  do instead update account set deleted = true where id = old.id;
create rule archive_readonly as on update to archive do instead nothing;
create rule account_audit_upd as on update to account
  where new.name <> old.name
  do also insert into audit_log values (new.id, 'rename');
comment on rule account_soft_delete on account is 'rows are never deleted';
