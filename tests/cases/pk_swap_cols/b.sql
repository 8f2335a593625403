CREATE TABLE t (id int NOT NULL, uuid uuid PRIMARY KEY);
CREATE TABLE r (t_id int);
