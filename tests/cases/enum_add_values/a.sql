CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE p (id int, m mood);
