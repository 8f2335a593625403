CREATE TYPE st AS ENUM ('new', 'active', 'closed');
CREATE TABLE acct (id int, s st DEFAULT 'active' NOT NULL, CONSTRAINT acct_not_legacy CHECK (s <> 'closed'));
CREATE INDEX acct_open ON acct (id) WHERE s IN ('new', 'active');
CREATE TABLE hist (id int, old st, new st);
