CREATE TABLE new_name (id int PRIMARY KEY, v text);
CREATE INDEX new_name_v_idx ON new_name (v);
