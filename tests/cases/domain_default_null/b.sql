-- prio now explicitly has no default; review_prio takes the domain's.
CREATE DOMAIN priority AS integer DEFAULT 3 CHECK (VALUE BETWEEN 1 AND 5);

CREATE TABLE tasks (
    id bigint PRIMARY KEY,
    title text NOT NULL DEFAULT '',
    prio priority DEFAULT NULL,
    review_prio priority
);
