CREATE TABLE parent (a int, b int, c text, PRIMARY KEY (a, b));
CREATE TABLE child (id int PRIMARY KEY, pa int, pb int, FOREIGN KEY (pa, pb) REFERENCES parent (a, b));
