CREATE TYPE k AS ENUM ('x', 'y');
CREATE TABLE parent (id int PRIMARY KEY, kind k);
CREATE TABLE child (id int, parent_id int REFERENCES parent);
CREATE SEQUENCE parent_seq OWNED BY parent.id;
