CREATE SCHEMA archive;
CREATE TABLE archive.logs (id int PRIMARY KEY, msg text);
CREATE INDEX logs_msg ON archive.logs (msg);
