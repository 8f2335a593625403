CREATE TABLE a (id bigint PRIMARY KEY);
CREATE TABLE b (id bigint PRIMARY KEY, a_id bigint REFERENCES a);
CREATE INDEX b_a_idx ON b (a_id);
