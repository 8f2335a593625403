CREATE TABLE base (id int, created timestamptz DEFAULT now(), CONSTRAINT base_id_chk CHECK (id > 0));
CREATE TABLE kid (extra text) INHERITS (base);
