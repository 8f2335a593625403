CREATE TYPE color AS ENUM ('blue', 'green', 'red');
CREATE TABLE px (id int, c color DEFAULT 'red', cs color[], c2 color NOT NULL);
CREATE INDEX px_c_idx ON px (c) WHERE c <> 'blue';
