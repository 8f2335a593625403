CREATE TABLE "café" (id int, "naïve" text, "ünïcødé" int);
COMMENT ON TABLE "café" IS E'multi\nline ''quoted'' \\ backslash — ünïcødé';
COMMENT ON COLUMN "café"."naïve" IS '$$dollar$$';
