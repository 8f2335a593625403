CREATE TABLE t (id int, a text DEFAULT 'x', b timestamptz, c int DEFAULT 1, d uuid, e numeric DEFAULT 0, f date DEFAULT CURRENT_DATE, g text[] DEFAULT '{}', h jsonb);
