CREATE TABLE "shop_item" ("id" bigserial NOT NULL PRIMARY KEY, "name" varchar(120) NOT NULL, "price" numeric(10, 2) NOT NULL, "code" varchar(20) NOT NULL, "stock" integer DEFAULT 0 NOT NULL CONSTRAINT "shop_item_stock_check" CHECK ("stock" >= 0));
CREATE UNIQUE INDEX "shop_item_code_uniq" ON "shop_item" ("code");
CREATE INDEX "shop_item_code_1a2b3c4d_like" ON "shop_item" ("code" varchar_pattern_ops);
