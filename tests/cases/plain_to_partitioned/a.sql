CREATE TABLE ev (id int NOT NULL, at date NOT NULL, v text);
CREATE INDEX ev_at ON ev (at);
CREATE TABLE ref (ev_id int);
