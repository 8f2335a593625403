CREATE TABLE "Users" ("Id" int PRIMARY KEY, "FirstName" text, "e-mail" text);
CREATE INDEX "IX_Users_FirstName" ON "Users" ("FirstName");
CREATE SCHEMA "App";
CREATE TABLE "App"."Order Items" ("ID" serial PRIMARY KEY, "UserId" int REFERENCES "Users"("Id"));
