-- What SQLModel 0.0.39 (latest) + SQLAlchemy 2.0 create_all emits on
-- SQLite for models.py: expected.sql (sqlmodel-mapping.md section 6, test
-- T03, PostgreSQL latest) with the SQLite spellings of section 3.2 (the
-- SERIAL id is INTEGER NOT NULL); nullability is the same on both.
CREATE TABLE nul (
	id INTEGER NOT NULL, 
	a INTEGER NOT NULL, 
	b INTEGER, 
	c INTEGER NOT NULL, 
	d INTEGER, 
	e INTEGER, 
	f INTEGER NOT NULL, 
	PRIMARY KEY (id)
);
