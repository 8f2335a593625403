-- A multi-tenant schema guarded by row level security: documents are
-- visible to their tenant, notes to their author.
DO $$ BEGIN CREATE ROLE app_user; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE app_admin; EXCEPTION WHEN duplicate_object THEN NULL; END $$;

CREATE TABLE tenants (
    id integer PRIMARY KEY,
    name text NOT NULL
);

CREATE TABLE tenant_members (
    tenant_id integer NOT NULL REFERENCES tenants (id),
    user_name text NOT NULL
);

CREATE TABLE documents (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id integer NOT NULL REFERENCES tenants (id),
    title text NOT NULL,
    archived boolean NOT NULL DEFAULT false,
    body text
);
ALTER TABLE documents ENABLE ROW LEVEL SECURITY;

CREATE POLICY tenant_isolation ON documents
    USING (tenant_id = current_setting('app.tenant_id')::integer);
CREATE POLICY admins_see_all ON documents FOR SELECT TO app_admin
    USING (true);
CREATE POLICY no_archived_edits ON documents AS RESTRICTIVE FOR UPDATE
    TO app_user USING (NOT archived);
-- a subquery on another table: its column's type changes in b.sql
CREATE POLICY member_read ON documents FOR SELECT
    USING (tenant_id IN (SELECT tenant_id FROM tenant_members
                         WHERE user_name = current_user));
COMMENT ON POLICY tenant_isolation ON documents IS 'one tenant per session';

CREATE TABLE notes (
    id serial PRIMARY KEY,
    author name NOT NULL DEFAULT current_user,
    note text
);
ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
ALTER TABLE notes FORCE ROW LEVEL SECURITY;
CREATE POLICY own_notes ON notes USING (author = current_user);
CREATE POLICY insert_notes ON notes FOR INSERT TO app_user, app_admin
    WITH CHECK (author = current_user AND length(note) < 1000);

CREATE TABLE audit_log (
    id bigserial PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT now(),
    what text
);
