CREATE TABLE countries (id int PRIMARY KEY, code char(2));
CREATE TABLE cities (id int PRIMARY KEY, country_code char(2));
