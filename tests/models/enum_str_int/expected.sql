-- What SQLModel 0.0.39 (latest) + SQLAlchemy 2.0 create_all emits for
-- models.py: sqlmodel-mapping.md section 6, test T02, "PostgreSQL latest",
-- verbatim.
CREATE TYPE color AS ENUM ('RED', 'DARK_BLUE');
CREATE TYPE status AS ENUM ('ACTIVE', 'OFF');
CREATE TYPE level AS ENUM ('LOW', 'HIGH');
CREATE TABLE item (
	id SERIAL NOT NULL, 
	color color NOT NULL, 
	status status NOT NULL, 
	level level, 
	PRIMARY KEY (id)
);
