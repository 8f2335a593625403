CREATE TABLE base (id int, created timestamptz DEFAULT now(), updated timestamptz, CONSTRAINT base_id_chk CHECK (id > 0), CONSTRAINT base_local CHECK (id < 1000000) NO INHERIT);
CREATE TABLE kid (extra text, CONSTRAINT kid_extra CHECK (extra <> '')) INHERITS (base);
CREATE TABLE kid2 () INHERITS (base);
