CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE TABLE r (room int, during tsrange, active boolean DEFAULT true, CONSTRAINT r_no_overlap EXCLUDE USING gist (room WITH =, during WITH &&) WHERE (active));
