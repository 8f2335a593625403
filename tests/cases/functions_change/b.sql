-- Functions and procedures of a small billing app: one body changes, one
-- gets a new signature, one is dropped, one is new, a procedure changes.
CREATE TYPE invoice_status AS ENUM ('draft', 'sent', 'paid');

CREATE TABLE invoices (
    id bigserial PRIMARY KEY,
    customer text NOT NULL,
    amount numeric(12, 2) NOT NULL,
    status invoice_status NOT NULL DEFAULT 'draft',
    created_at timestamptz NOT NULL DEFAULT now()
);

-- the rate changed, and the function got cheaper to call
CREATE FUNCTION tax(amount numeric) RETURNS numeric
    LANGUAGE sql IMMUTABLE PARALLEL SAFE COST 10
    AS $$ SELECT round(amount * 0.21, 2) $$;

CREATE FUNCTION invoice_total(p_id bigint) RETURNS numeric
    LANGUAGE plpgsql STABLE
    AS $body$
DECLARE
    v numeric;
BEGIN
    SELECT amount INTO v FROM invoices WHERE id = p_id;
    RETURN v + tax(v);
END;
$body$;

-- new signature: a status filter
CREATE FUNCTION customer_invoices(p_customer text, p_status invoice_status DEFAULT NULL)
    RETURNS TABLE(id bigint, amount numeric, status invoice_status)
    LANGUAGE sql STABLE
    AS $$ SELECT id, amount, status FROM invoices
          WHERE customer = p_customer AND (p_status IS NULL OR status = p_status) $$;

-- legacy_code is gone; a new one
CREATE FUNCTION invoice_code(p_id bigint) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT
    BEGIN ATOMIC
        SELECT 'INV-' || lpad(p_id::text, 8, '0');
    END;

COMMENT ON FUNCTION invoice_code(bigint) IS 'invoice numbers';

CREATE PROCEDURE mark_paid(p_id bigint)
    LANGUAGE plpgsql
    SECURITY DEFINER
    AS $$
BEGIN
    UPDATE invoices SET status = 'paid' WHERE id = p_id AND status = 'sent';
END;
$$;

CREATE FUNCTION greeting(who text DEFAULT 'world', VARIADIC extra text[] DEFAULT '{}')
    RETURNS text
    LANGUAGE sql
    SET search_path = public, pg_temp
    AS 'SELECT ''hello '' || who';
