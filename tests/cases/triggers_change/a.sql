-- Audit and housekeeping triggers on an orders table: one added, one
-- dropped, one with new events and WHEN, one disabled.
CREATE TABLE orders (
    id serial PRIMARY KEY,
    status text NOT NULL DEFAULT 'new',
    total numeric(10, 2) NOT NULL,
    updated_at timestamp with time zone
);

CREATE TABLE order_audit (
    id bigserial PRIMARY KEY,
    order_id integer,
    op text NOT NULL,
    at timestamp with time zone NOT NULL DEFAULT now()
);

CREATE FUNCTION touch_updated_at() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END;
$$;

CREATE FUNCTION audit_order() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    INSERT INTO order_audit (order_id, op) VALUES (COALESCE(NEW.id, OLD.id), TG_OP);
    RETURN NULL;
END;
$$;

CREATE FUNCTION forbid_delete() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    RAISE EXCEPTION 'orders cannot be deleted';
END;
$$;

CREATE TRIGGER orders_touch BEFORE UPDATE ON orders
    FOR EACH ROW EXECUTE PROCEDURE touch_updated_at();

CREATE TRIGGER orders_audit AFTER INSERT OR UPDATE ON orders
    FOR EACH ROW WHEN (NEW.status <> 'draft') EXECUTE FUNCTION audit_order();

CREATE TRIGGER orders_no_delete BEFORE DELETE ON orders
    FOR EACH ROW EXECUTE FUNCTION forbid_delete();

CREATE TRIGGER orders_truncate_audit AFTER TRUNCATE ON orders
    FOR EACH STATEMENT EXECUTE FUNCTION audit_order();

COMMENT ON TRIGGER orders_touch ON orders IS 'keeps updated_at current';
