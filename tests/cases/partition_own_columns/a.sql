-- A partition, or an inheritance child, may be stricter than its parent:
-- its own NOT NULL and default on a column it has from the parent.
CREATE TABLE measures (id int, v int, note text) PARTITION BY RANGE (id);
CREATE TABLE measures_1 PARTITION OF measures FOR VALUES FROM (0) TO (10);
CREATE TABLE measures_2 PARTITION OF measures (v NOT NULL)
    FOR VALUES FROM (10) TO (20);

CREATE TABLE base (id int, kind text NOT NULL, at date);
CREATE TABLE child (extra int) INHERITS (base);
