CREATE TABLE "user" (id int PRIMARY KEY, "select" text NOT NULL DEFAULT 'x', "from" bigint, "group" text);
CREATE TABLE "order" (id int PRIMARY KEY, "user" int REFERENCES "user"(id) ON DELETE CASCADE, "limit" int CHECK ("limit" > 0), "table" text);
CREATE INDEX "order_table_idx" ON "order" ("table");
CREATE TABLE "check" ("column" int, "constraint" text, PRIMARY KEY ("column"));
