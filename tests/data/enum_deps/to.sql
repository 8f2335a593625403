create type st as enum ('new', 'active', 'closed');
comment on type st is 'account state';
create table acct (id integer, s st not null default 'active', constraint acct_not_legacy check (s <> 'closed'));
create index acct_open on acct (id) where s in ('new', 'active');
create type prio as enum ('low', 'mid', 'high');
create table task (id integer, p prio default 'mid');
