CREATE SCHEMA old;

DROP INDEX "New Schema"."Table_user";

ALTER TABLE keep.t DROP COLUMN v;

DROP TABLE "New Schema"."Table";

DROP SCHEMA "New Schema";

CREATE TABLE old.t (
    id integer
);
