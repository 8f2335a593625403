CREATE TABLE events (
    id integer PRIMARY KEY,
    name text,
    at timestamp DEFAULT (now() AT TIME ZONE 'utc'),
    both_set boolean DEFAULT (true AND false),
    looks_like boolean DEFAULT ('x' LIKE 'y'),
    listed boolean DEFAULT (1 IN (1, 2)),
    unknown boolean DEFAULT (NULL IS NULL)
);
CREATE TABLE logs (
    id integer PRIMARY KEY,
    at timestamp DEFAULT (now() AT TIME ZONE 'utc'),
    flag boolean DEFAULT (1 = 1 OR 2 = 2)
);
