CREATE TABLE t (a numeric, b interval, c timestamp, d text, e bigint, f boolean, g inet);
