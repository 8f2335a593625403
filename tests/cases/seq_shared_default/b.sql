CREATE SEQUENCE global_id START 1000;
CREATE TABLE a (id bigint DEFAULT nextval('global_id') PRIMARY KEY);
CREATE TABLE b (id bigint DEFAULT nextval('global_id'::regclass) PRIMARY KEY);
