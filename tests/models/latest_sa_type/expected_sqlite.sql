-- What SQLModel 0.0.39 (latest) + SQLAlchemy 2.0 create_all emits on
-- SQLite for models.py: sqlmodel-mapping.md section 6, test T20, "SQLite
-- latest: id BIGINT NOT NULL for owner, id INTEGER NOT NULL for pet, meta
-- JSON NOT NULL"; the rest as expected.sql (the FK without schema, inline).
CREATE TABLE owner (
	id BIGINT NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE pet (
	id INTEGER NOT NULL, 
	owner_id INTEGER, 
	meta JSON NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(owner_id) REFERENCES owner (id) ON DELETE SET NULL
);
