CREATE TABLE "user" (id int PRIMARY KEY, "select" text, "from" int);
CREATE TABLE "order" (id int PRIMARY KEY, "user" int REFERENCES "user"(id), "limit" int);
