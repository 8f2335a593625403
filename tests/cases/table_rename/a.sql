CREATE TABLE old_name (id int PRIMARY KEY, v text);
CREATE INDEX old_name_v_idx ON old_name (v);
