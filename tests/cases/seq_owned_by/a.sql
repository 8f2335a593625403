CREATE TABLE t (id int NOT NULL, y int);
CREATE SEQUENCE t_id_seq;
ALTER TABLE t ALTER COLUMN id SET DEFAULT nextval('t_id_seq');
