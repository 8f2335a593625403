CREATE SCHEMA x;
CREATE SCHEMA y;
CREATE TABLE x.a (id int PRIMARY KEY, b_id int);
CREATE TABLE y.b (id int PRIMARY KEY, a_id int);
