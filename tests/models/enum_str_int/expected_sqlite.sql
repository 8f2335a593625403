-- What SQLModel 0.0.39 (latest) + SQLAlchemy 2.0 create_all emits on
-- SQLite for models.py: sqlmodel-mapping.md section 6, test T02, "SQLite:
-- ... latest color VARCHAR(9) NOT NULL, status VARCHAR(6) NOT NULL, level
-- VARCHAR(4)" (every Enum subclass is an Enum type: VARCHAR of its longest
-- member name, no CHECK); id as in T01 ("SQLite: same but id INTEGER NOT
-- NULL").
CREATE TABLE item (
	id INTEGER NOT NULL, 
	color VARCHAR(9) NOT NULL, 
	status VARCHAR(6) NOT NULL, 
	level VARCHAR(4), 
	PRIMARY KEY (id)
);
