CREATE TABLE t (id int PRIMARY KEY, uuid uuid NOT NULL);
CREATE TABLE r (t_id int REFERENCES t(id));
