CREATE TABLE "café" (id int, "naïve" text);
COMMENT ON TABLE "café" IS 'old';
