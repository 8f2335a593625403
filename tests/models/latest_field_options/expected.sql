-- What SQLModel 0.0.39 (latest) + SQLAlchemy 2.0 create_all emits for
-- models.py, derived from sqlmodel-mapping.md (not run: 0.0.8 cannot
-- import these models, "TypeError: Field() got an unexpected keyword
-- argument 'max_digits'"): section 2.5 (Field(max_digits=, decimal_places=)
-- -> NUMERIC(p, s), max_digits alone -> NUMERIC(p)), 3.4 (ondelete ->
-- ON DELETE), 3.5 (sa_type replaces the derived type, the other options
-- still apply; list[str] with an ARRAY sa_type, issue 6 item 1), 3.1
-- (nullable iff the annotation is Optional), 3.2 (SERIAL ids), 3.3
-- (index), 3.5 (sa_column_kwargs name), 4.2 (FK order = column order).
CREATE TABLE account (
	id SERIAL NOT NULL, 
	balance NUMERIC(12, 2) NOT NULL, 
	credit_limit NUMERIC(10) NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE entry (
	id SERIAL NOT NULL, 
	account_id INTEGER NOT NULL, 
	parent_id INTEGER, 
	memo TEXT, 
	booked_at TIMESTAMP WITH TIME ZONE NOT NULL, 
	labels VARCHAR[] NOT NULL, 
	amount NUMERIC(8, 3), 
	PRIMARY KEY (id), 
	FOREIGN KEY(account_id) REFERENCES account (id) ON DELETE CASCADE, 
	FOREIGN KEY(parent_id) REFERENCES entry (id) ON DELETE RESTRICT
);
CREATE INDEX ix_entry_account_id ON entry (account_id);
