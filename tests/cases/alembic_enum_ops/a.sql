CREATE TYPE status AS ENUM ('a', 'b');
CREATE TABLE job (id SERIAL NOT NULL, status status NOT NULL, CONSTRAINT pk_job PRIMARY KEY (id));
