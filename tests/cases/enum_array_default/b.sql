CREATE SCHEMA s;
CREATE TYPE s.kind AS ENUM ('a', 'b');
CREATE TYPE s.level AS ENUM ('low', 'high');
CREATE TABLE s.t (id int, k s.kind DEFAULT 'b'::s.kind NOT NULL, ks s.kind[] DEFAULT ARRAY['a'::s.kind], lv s.level DEFAULT 'low', lvs s.level[] DEFAULT '{low,high}');
