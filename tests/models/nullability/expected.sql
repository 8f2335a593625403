-- What SQLModel 0.0.39 (latest) + SQLAlchemy 2.0 create_all emits for
-- models.py: sqlmodel-mapping.md section 6, test T03, "PostgreSQL latest:
-- identical except a INTEGER NOT NULL, and b INTEGER,".
CREATE TABLE nul (
	id SERIAL NOT NULL, 
	a INTEGER NOT NULL, 
	b INTEGER, 
	c INTEGER NOT NULL, 
	d INTEGER, 
	e INTEGER, 
	f INTEGER NOT NULL, 
	PRIMARY KEY (id)
);
