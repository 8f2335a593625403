DROP TABLE old.t;

CREATE SCHEMA "New Schema";

CREATE TABLE "New Schema"."Table" (
    "Id" integer NOT NULL,
    "user" text,
    "select" integer,
    CONSTRAINT "Table_pkey" PRIMARY KEY ("Id")
);

ALTER TABLE keep.t ADD COLUMN v text;

CREATE INDEX "Table_user" ON "New Schema"."Table" USING btree ("user");

DROP SCHEMA old;
