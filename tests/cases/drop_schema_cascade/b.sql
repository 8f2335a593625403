CREATE TABLE keep (id int, t_id int);
