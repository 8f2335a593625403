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

-- only status changes are audited, and only real ones
CREATE TRIGGER orders_audit AFTER UPDATE OF status OR INSERT ON orders
    FOR EACH ROW WHEN (NEW.status IS DISTINCT FROM 'draft')
    EXECUTE FUNCTION audit_order();

-- kept, but switched off during the data migration
CREATE TRIGGER orders_no_delete BEFORE DELETE ON orders
    FOR EACH ROW EXECUTE FUNCTION forbid_delete();
ALTER TABLE orders DISABLE TRIGGER orders_no_delete;

-- new: totals may not go negative
CREATE FUNCTION check_total() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF NEW.total < 0 THEN
        RAISE EXCEPTION 'negative total';
    END IF;
    RETURN NEW;
END;
$$;

CREATE CONSTRAINT TRIGGER orders_check_total AFTER INSERT OR UPDATE ON orders
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION check_total();

COMMENT ON TRIGGER orders_touch ON orders IS 'keeps updated_at current';
