CREATE TABLE t (a int[], b numeric, c varchar(10)[], d timestamp(3), e bit(4), f time, g double precision);
