CREATE TABLE src (id int PRIMARY KEY, v text DEFAULT 'x' NOT NULL, CHECK (id > 0));
CREATE TABLE cache (k text PRIMARY KEY, v bytea, expires timestamptz);
CREATE TABLE copy (LIKE src INCLUDING ALL);
