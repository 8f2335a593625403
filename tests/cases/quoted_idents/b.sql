CREATE TABLE "Users" ("Id" int PRIMARY KEY, "FirstName" varchar(100), "LastName" text, "e-mail" text NOT NULL);
CREATE INDEX "IX_Users_FirstName" ON "Users" ("FirstName", "LastName");
CREATE UNIQUE INDEX "UX_Users_e-mail" ON "Users" ("e-mail");
CREATE SCHEMA "App";
CREATE TABLE "App"."Order Items" ("ID" serial PRIMARY KEY, "UserId" int REFERENCES "Users"("Id") ON DELETE CASCADE, "Qty" int CHECK ("Qty" > 0));
COMMENT ON COLUMN "App"."Order Items"."Qty" IS 'quantity';
