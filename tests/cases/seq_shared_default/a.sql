CREATE SEQUENCE global_id;
CREATE TABLE a (id bigint DEFAULT nextval('global_id') PRIMARY KEY);
CREATE TABLE b (id bigint PRIMARY KEY);
