CREATE TABLE countries (id int PRIMARY KEY, code char(2) UNIQUE);
CREATE TABLE cities (id int PRIMARY KEY, country_code char(2) REFERENCES countries(code) ON UPDATE CASCADE ON DELETE SET DEFAULT DEFAULT 'US');
