create type st as enum ('new', 'active', 'legacy', 'closed');
comment on type st is 'account state';
create table acct (id integer, s st not null default 'new', constraint acct_not_legacy check (s <> 'legacy'));
create index acct_open on acct (id) where s in ('new', 'active');
create type prio as enum ('low', 'high');
create table task (id integer, p prio default 'low');
