CREATE TABLE t (a bigint[], b numeric(20,6), c text[], d timestamp(6), e varbit(8), f timetz, g real, h int[][] , i character(2)[]);
