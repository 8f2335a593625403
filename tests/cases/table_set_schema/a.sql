CREATE SCHEMA archive;
CREATE TABLE logs (id int PRIMARY KEY, msg text);
CREATE INDEX logs_msg ON logs (msg);
