-- A validation function whose result type changes (dropped and created
-- again under the same signature) while a check constraint and an index
-- use it, and a trigger moved to a new function.
CREATE FUNCTION valid_sku(sku text) RETURNS boolean
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT sku ~ '^[A-Z]{3}-[0-9]{4}$' $$;

CREATE SEQUENCE product_numbers;

-- the numbering function widens to bigint: the default that calls it is
-- dropped and set again around it
CREATE FUNCTION next_product_number() RETURNS integer
    LANGUAGE sql
    AS $$ SELECT nextval('product_numbers')::integer $$;

CREATE TABLE products (
    id serial PRIMARY KEY,
    number bigint NOT NULL DEFAULT next_product_number(),
    sku text NOT NULL CONSTRAINT products_sku_valid CHECK (valid_sku(sku)),
    name text NOT NULL,
    updated_at timestamptz
);

CREATE INDEX products_valid_idx ON products (valid_sku(sku));

CREATE FUNCTION products_touch() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END;
$$;

CREATE TRIGGER products_touch BEFORE UPDATE ON products
    FOR EACH ROW EXECUTE FUNCTION products_touch();
