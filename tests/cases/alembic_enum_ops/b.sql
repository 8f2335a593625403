CREATE TYPE status AS ENUM ('a', 'b');
CREATE TABLE job (id SERIAL NOT NULL, status status NOT NULL, CONSTRAINT pk_job PRIMARY KEY (id));
ALTER TYPE status ADD VALUE 'c';
ALTER TYPE status RENAME TO job_status;
DROP TYPE IF EXISTS nothing_here;
CREATE TYPE priority AS ENUM ('low', 'high');
ALTER TABLE job ADD COLUMN priority priority;
ALTER TABLE job ALTER COLUMN status TYPE text USING status::text;
DROP TYPE job_status;
