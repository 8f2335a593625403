CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE TABLE booking (room int, during tsrange, EXCLUDE USING gist (room WITH =, during WITH &&) WHERE (room > 0) DEFERRABLE INITIALLY DEFERRED);
