CREATE TABLE "app_author" ("id" bigserial NOT NULL PRIMARY KEY, "name" varchar(100) NOT NULL);
CREATE TABLE "app_book" ("id" bigserial NOT NULL PRIMARY KEY, "author_id" bigint NOT NULL);
ALTER TABLE "app_book" ADD CONSTRAINT "app_book_author_id_fk_app_author_id" FOREIGN KEY ("author_id") REFERENCES "app_author" ("id") DEFERRABLE INITIALLY DEFERRED;
CREATE INDEX "app_book_author_id_idx" ON "app_book" ("author_id");
CREATE TABLE "app_book_tags" ("id" bigserial NOT NULL PRIMARY KEY, "book_id" bigint NOT NULL REFERENCES "app_book" ("id") DEFERRABLE INITIALLY DEFERRED, "tag" varchar(20) NOT NULL, UNIQUE ("book_id", "tag"));
