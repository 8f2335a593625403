# SPDX-License-Identifier: MIT
"""Privileges, row level security and policies end to end: the harness
(test_cases.py) compares pg_dump without privileges, so here each
migration of the cases that change them is applied and the result must
compare equal to the target file, ACLs included (`retort diff URL FILE`
prints nothing), both ways; the ACLs the server holds must match too. The
down migration (`diff --down`) must then bring the source back."""

import pytest

from conftest import REPO, sql_only

CASES = REPO / "tests" / "cases"
ACLS = """
CREATE FUNCTION pg_temp.acl(a aclitem[]) RETURNS text LANGUAGE sql AS
$$ SELECT string_agg(x::text, ',' ORDER BY x::text) FROM aclexplode(a) x $$;
SELECT c.relname || coalesce('.' || a.attname, '') || ' '
       || pg_temp.acl(coalesce(a.attacl, c.relacl))
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0
  AND a.attacl IS NOT NULL
WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
  AND (c.relacl IS NOT NULL OR a.attacl IS NOT NULL)
UNION ALL
SELECT 'schema ' || nspname || ' ' || pg_temp.acl(nspacl) FROM pg_namespace
WHERE nspacl IS NOT NULL AND nspname NOT LIKE 'pg\\_%'
  AND nspname <> 'information_schema'
UNION ALL
SELECT 'type ' || typname || ' ' || pg_temp.acl(typacl) FROM pg_type
WHERE typacl IS NOT NULL
UNION ALL
SELECT 'policy ' || polname || ' ' || pg_get_expr(polqual, polrelid)
       || ' ' || coalesce(pg_get_expr(polwithcheck, polrelid), '')
       || ' ' || (SELECT array_agg(r ORDER BY r) FROM unnest(polroles) r)::text || polcmd::text || polpermissive::text
FROM pg_policy
UNION ALL
SELECT 'rls ' || relname || relrowsecurity || relforcerowsecurity
FROM pg_class WHERE relrowsecurity OR relforcerowsecurity
ORDER BY 1
"""


@pytest.mark.parametrize("case", ["privileges_change", "rls_policies",
                                  "privileges_drop"])
@pytest.mark.parametrize("src,dst", [("a", "b"), ("b", "a")])
def test_migration_reaches_target(pg, retort, case, src, dst):
    names = [f"priv_{case}_{src}", f"priv_{case}_{dst}"]
    url = pg.createdb(names[0])
    pg.psql_file(names[0], CASES / case / f"{src}.sql")
    pg.createdb(names[1])
    pg.psql_file(names[1], CASES / case / f"{dst}.sql")
    source, target = (CASES / case / f"{s}.sql" for s in (src, dst))
    before = pg.psql(names[0], ACLS)
    r = retort.run(["diff", url, target])
    down = retort.run(["diff", "--down", url, target])
    assert r.returncode == 0 and down.returncode == 0, r.stderr
    assert sql_only(r.stdout), "the cases change something"
    pg.psql(names[0], "BEGIN;\n" + r.stdout + "\nCOMMIT;")
    again = retort.run(["diff", url, target])
    assert again.returncode == 0 and sql_only(again.stdout) == "", \
        again.stdout
    # the server's own ACLs and policies, not only retort's reading
    assert pg.psql(names[0], ACLS) == pg.psql(names[1], ACLS)
    # the down migration takes them back
    pg.psql(names[0], "BEGIN;\n" + down.stdout + "\nCOMMIT;")
    back = retort.run(["diff", url, source])
    assert back.returncode == 0 and sql_only(back.stdout) == "", \
        back.stdout
    assert pg.psql(names[0], ACLS) == before
    for n in names:
        pg.dropdb(n)
