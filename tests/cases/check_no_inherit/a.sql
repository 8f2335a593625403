CREATE TABLE p (id int, v int, CONSTRAINT p_v CHECK (v > 0));
CREATE TABLE c () INHERITS (p);
