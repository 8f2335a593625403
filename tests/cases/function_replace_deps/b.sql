-- A validation function whose result type changes (dropped and created
-- again under the same signature) while a check constraint and an index
-- use it, and a trigger moved to a new function.
CREATE FUNCTION valid_sku(sku text) RETURNS integer
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT CASE WHEN sku ~ '^[A-Z]{3}-[0-9]{4,6}$' THEN 1 ELSE 0 END $$;

CREATE SEQUENCE product_numbers;

-- the numbering function widens to bigint: the default that calls it is
-- dropped and set again around it
CREATE FUNCTION next_product_number() RETURNS bigint
    LANGUAGE sql
    AS $$ SELECT nextval('product_numbers')::bigint $$;

CREATE TABLE products (
    id serial PRIMARY KEY,
    number bigint NOT NULL DEFAULT next_product_number(),
    sku text NOT NULL CONSTRAINT products_sku_valid CHECK (valid_sku(sku) = 1),
    name text NOT NULL,
    updated_at timestamptz
);

CREATE INDEX products_valid_idx ON products (valid_sku(sku));

CREATE FUNCTION touch_updated_at() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    NEW.updated_at := clock_timestamp();
    RETURN NEW;
END;
$$;

CREATE TRIGGER products_touch BEFORE UPDATE ON products
    FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
