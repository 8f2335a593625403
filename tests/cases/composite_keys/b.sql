CREATE TABLE parent (a int, b int, c text, PRIMARY KEY (a, b, c));
CREATE TABLE child (id int, pa int, pb int, pc text, PRIMARY KEY (id, pa), FOREIGN KEY (pa, pb, pc) REFERENCES parent (a, b, c) MATCH FULL ON UPDATE CASCADE);
