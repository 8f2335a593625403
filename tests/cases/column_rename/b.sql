CREATE TABLE t (id int, full_name text NOT NULL DEFAULT '', age_years int CHECK (age_years >= 0));
CREATE INDEX t_fullname ON t (full_name);
