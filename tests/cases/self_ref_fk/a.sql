CREATE TABLE emp (id int PRIMARY KEY, name text);
