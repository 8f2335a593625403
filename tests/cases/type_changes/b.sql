CREATE TABLE t (a bigint, b text, c varchar(50), d numeric(12,4), e timestamptz, f int, g varchar(3), h int, i varchar(5), j int);
