CREATE TYPE color AS ENUM ('red', 'green', 'blue', 'alpha');
CREATE TABLE px (id int, c color DEFAULT 'red', cs color[], c2 color NOT NULL);
CREATE INDEX px_c_idx ON px (c) WHERE c <> 'blue';
