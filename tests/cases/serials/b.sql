CREATE TABLE t (id bigserial PRIMARY KEY, big bigserial, n serial);
