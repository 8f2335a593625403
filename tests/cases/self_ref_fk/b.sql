CREATE TABLE emp (id int PRIMARY KEY, name text, manager_id int REFERENCES emp(id) ON DELETE SET NULL, mentor_id int CONSTRAINT emp_mentor_fk REFERENCES emp);
