-- What SQLModel 0.0.39 (latest) + SQLAlchemy 2.0 create_all emits for
-- models.py: sqlmodel-mapping.md section 6, test T20, verbatim. 0.0.8
-- cannot import these models: "TypeError: Field() got an unexpected
-- keyword argument 'sa_type'" (mapping section 3.5).
CREATE TABLE owner (
	id BIGSERIAL NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE pet (
	id SERIAL NOT NULL, 
	owner_id INTEGER, 
	meta JSON NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(owner_id) REFERENCES owner (id) ON DELETE SET NULL
);
