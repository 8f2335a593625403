CREATE TABLE measures (id int, v int DEFAULT 0, note text) PARTITION BY RANGE (id);
CREATE TABLE measures_1 PARTITION OF measures (v NOT NULL, note DEFAULT 'one')
    FOR VALUES FROM (0) TO (10);
CREATE TABLE measures_2 PARTITION OF measures FOR VALUES FROM (10) TO (20);

CREATE TABLE base (id int, kind text, at date);
CREATE TABLE child (extra int) INHERITS (base);
ALTER TABLE child ALTER COLUMN kind SET NOT NULL;
ALTER TABLE child ALTER COLUMN at SET DEFAULT '2024-01-01';
