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

CREATE FUNCTION tax(amount numeric) RETURNS numeric
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT round(amount * 0.20, 2) $$;

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

CREATE FUNCTION customer_invoices(p_customer text)
    RETURNS TABLE(id bigint, amount numeric, status invoice_status)
    LANGUAGE sql STABLE
    AS $$ SELECT id, amount, status FROM invoices WHERE customer = p_customer $$;

CREATE FUNCTION legacy_code(n integer) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT
    RETURN 'INV-' || lpad(n::text, 6, '0');

COMMENT ON FUNCTION legacy_code(integer) IS 'old invoice numbers';

CREATE PROCEDURE mark_paid(p_id bigint)
    LANGUAGE plpgsql
    AS $$
BEGIN
    UPDATE invoices SET status = 'paid' WHERE id = p_id;
END;
$$;

CREATE FUNCTION greeting(who text DEFAULT 'world', VARIADIC extra text[] DEFAULT '{}')
    RETURNS text
    LANGUAGE sql
    SET search_path = public, pg_temp
    AS 'SELECT ''hello '' || who';
