-- A column of a domain type that has a default: DEFAULT NULL overrides
-- the domain's default, so PostgreSQL stores it (and it must be migrated).
CREATE DOMAIN priority AS integer DEFAULT 3 CHECK (VALUE BETWEEN 1 AND 5);

CREATE TABLE tasks (
    id bigint PRIMARY KEY,
    title text NOT NULL,
    prio priority,
    review_prio priority DEFAULT NULL
);
