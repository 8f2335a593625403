-- Later: the tenant policy also checks writes, admins lose their bypass
-- policy, archived rows cannot be deleted either, notes are no longer
-- forced, and the audit log gets row level security of its own.
DO $$ BEGIN CREATE ROLE app_user; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE app_admin; EXCEPTION WHEN duplicate_object THEN NULL; END $$;

CREATE TABLE tenants (
    id integer PRIMARY KEY,
    name text NOT NULL
);

CREATE TABLE tenant_members (
    tenant_id integer NOT NULL REFERENCES tenants (id),
    user_name varchar(100) NOT NULL
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
    USING (tenant_id = current_setting('app.tenant_id')::integer)
    WITH CHECK (tenant_id = current_setting('app.tenant_id')::integer);
CREATE POLICY no_archived_edits ON documents AS RESTRICTIVE FOR UPDATE
    TO app_user, app_admin USING (NOT archived);
CREATE POLICY no_archived_deletes ON documents AS RESTRICTIVE FOR DELETE
    USING (archived = false);
-- a subquery on another table: its column's type changes in b.sql
CREATE POLICY member_read ON documents FOR SELECT
    USING (tenant_id IN (SELECT tenant_id FROM tenant_members
                         WHERE user_name = current_user));
COMMENT ON POLICY tenant_isolation ON documents IS 'one tenant per session, reads and writes';

CREATE TABLE notes (
    id serial PRIMARY KEY,
    author name NOT NULL DEFAULT current_user,
    note text
);
ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_notes ON notes FOR ALL USING (author = current_user);
CREATE POLICY insert_notes ON notes FOR INSERT TO app_user
    WITH CHECK (author = current_user AND length(note) < 2000);

CREATE TABLE audit_log (
    id bigserial PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT now(),
    what text
);
ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY append_only ON audit_log FOR INSERT WITH CHECK (true);
CREATE POLICY read_recent ON audit_log FOR SELECT
    USING (at > now() - interval '30 days');
