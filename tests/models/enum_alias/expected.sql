-- What SQLModel 0.0.39 (latest) + SQLAlchemy 2.0 create_all emits for
-- models.py: sqlmodel-mapping.md section 6, test T18, verbatim.
CREATE TYPE shape AS ENUM ('SQUARE', 'CIRCLE');
CREATE TABLE drawing (
	id SERIAL NOT NULL, 
	shape shape NOT NULL, 
	PRIMARY KEY (id)
);
