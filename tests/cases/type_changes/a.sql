CREATE TABLE t (a int, b varchar(20), c text, d numeric(8,2), e timestamp, f smallint, g char(3), h text, i varchar(10), j boolean);
