-- The database the 44 typical statements of typical.sql run on (issue 8
-- item 6): tables with rows, so that what fails, scans or rewrites does.
CREATE TYPE order_state AS ENUM ('new', 'paid', 'shipped');
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN RETURN NEW; END $$;
CREATE TABLE accounts (
	id bigint PRIMARY KEY,
	email varchar(100) NOT NULL,
	balance numeric(10,2) NOT NULL DEFAULT 0,
	created_at timestamp NOT NULL DEFAULT now(),
	status text,
	note varchar(50),
	code varchar(20),
	legacy integer
);
CREATE TABLE orders (
	id bigint PRIMARY KEY,
	account_id bigint NOT NULL,
	total numeric(10,2) NOT NULL,
	quantity integer NOT NULL DEFAULT 1,
	state order_state NOT NULL DEFAULT 'new',
	placed_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNLOGGED TABLE sessions (id bigint PRIMARY KEY, data text);
CREATE TABLE events (id bigint NOT NULL, at date NOT NULL)
	PARTITION BY RANGE (at);
CREATE TABLE events_2023 PARTITION OF events
	FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
CREATE TABLE events_2024 (id bigint NOT NULL, at date NOT NULL);
CREATE MATERIALIZED VIEW account_totals AS
	SELECT account_id, sum(total) AS total FROM orders GROUP BY account_id;
INSERT INTO accounts (id, email, status, note, code, legacy)
	SELECT i, 'user' || i || '@example.com', 'active', 'n' || i,
	       'c' || i, i
	FROM generate_series(1, 1000) i;
INSERT INTO orders (id, account_id, total)
	SELECT i, 1 + i % 1000, i % 97 FROM generate_series(1, 2000) i;
INSERT INTO sessions SELECT i, 'x' FROM generate_series(1, 100) i;
INSERT INTO events SELECT i, date '2023-01-01' + i % 300
	FROM generate_series(1, 300) i;
INSERT INTO events_2024 SELECT i, date '2024-01-01' + i % 300
	FROM generate_series(1, 300) i;
