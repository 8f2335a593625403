CREATE TYPE st AS ENUM ('new', 'active', 'legacy', 'closed');
CREATE TABLE acct (id int, s st DEFAULT 'new' NOT NULL, CONSTRAINT acct_not_legacy CHECK (s <> 'legacy'));
CREATE INDEX acct_open ON acct (id) WHERE s IN ('new', 'active');
CREATE TABLE hist (id int, old st, new st);
