-- Later: email becomes varchar(200) (every view reading it is rebuilt,
-- in dependency order), filters change, a view goes and one is new.
create schema app;
create table app.users (id bigserial primary key, email varchar(200) not null, created_at timestamptz default now(), active boolean default true, meta jsonb);
create table app.orders (id bigserial primary key, user_id bigint references app.users(id), total numeric(10,2), status text, placed_at timestamptz);
create view app.v1 as select u.id, u.email, count(o.id) as n, sum(o.total) filter (where o.status in ('paid', 'settled')) as paid from app.users u left join app.orders o on o.user_id = u.id group by u.id, u.email;
create view app.v2 as with recent as (select * from app.orders where placed_at > now() - interval '30 days') select user_id, max(placed_at) as last from recent group by user_id;
create view app.v3 as select id, email, case when active then 'yes' else 'no' end as flag, meta->>'name' as name, row_number() over (partition by active order by created_at desc) as rn from app.users where email like '%@example.com' and id between 1 and 100;
create view app.v4 as select distinct on (user_id) user_id, total from app.orders order by user_id, placed_at desc limit 10;
create view app.v5 as select id from app.users union all select user_id from app.orders where user_id is not null and total > 0;
create view app.v6 as select u.email, o.total from app.users u join app.orders o using (id) where o.status in ('a','b') and coalesce(o.total, 0) > 5;
create view app.v7 as select id, email || ' <' || id::text || '>' as label, created_at::date as day, extract(year from created_at) as y from app.users;
create view app.v8 as select * from app.users u where exists (select 1 from app.orders o where o.user_id = u.id);
create view app.v10 as select u.id, l.total from app.users u cross join lateral (select total from app.orders o where o.user_id = u.id order by placed_at desc limit 1) l;
create view app.v11 as select v1.id, v1.paid, v2.last from app.v1 join app.v2 on v2.user_id = v1.id;
