CREATE TABLE "shop_item" ("id" serial NOT NULL PRIMARY KEY, "name" varchar(50) NOT NULL, "price" integer NOT NULL, "code" varchar(20) NULL);
CREATE INDEX "shop_item_code_1a2b3c4d_like" ON "shop_item" ("code" varchar_pattern_ops);
