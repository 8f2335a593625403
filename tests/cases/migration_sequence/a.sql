CREATE TYPE st AS ENUM ('open', 'closed');
CREATE TABLE tickets (id serial PRIMARY KEY, title varchar(100) NOT NULL, st st DEFAULT 'open', owner int);
CREATE INDEX tickets_owner_idx ON tickets (owner);
CREATE TABLE people (id serial PRIMARY KEY, name text);
