CREATE TYPE mood AS ENUM ('very sad', 'sad', 'ok', 'fine', 'happy', 'ecstatic');
CREATE TABLE p (id int, m mood);
