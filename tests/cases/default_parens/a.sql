-- Defaults PostgreSQL takes only in parentheses (DEFAULT takes a b_expr):
-- retort must print them with their parentheses.
CREATE TABLE events (
    id integer PRIMARY KEY,
    name text,
    at timestamp
);
