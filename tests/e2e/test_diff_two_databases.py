# SPDX-License-Identifier: MIT
"""`retort diff postgres://A postgres://B` loads both databases at once
(FROM on a thread of its own): the output is the one a sequential load
gives, the migration turns A into B, and a failure on either side is
reported as it was when the sides were loaded in order (FROM first)."""

from conftest import REPO, sql_only

V1 = REPO / "examples" / "tasks" / "schema_v1.sql"
V2 = REPO / "examples" / "tasks" / "schema_v2.sql"
NOWHERE = "postgresql://nobody@127.0.0.1:1/none"


def test_two_databases_diff_like_a_file_and_a_database(retort, pg):
    url1 = pg.createdb("dd_v1", V1.read_text())
    url2 = pg.createdb("dd_v2", V2.read_text())
    both = retort.run(["diff", url1, url2])
    assert both.returncode == 0, both.stderr
    assert "labels" in both.stdout
    # FROM read from the file instead of the database: the same changes
    one = retort.run(["diff", V1, url2])
    assert one.returncode == 0, one.stderr
    assert both.stdout == one.stdout
    again = retort.run(["diff", url1, url2])
    assert again.stdout == both.stdout
    assert again.stderr == both.stderr
    # and the migration turns A into B
    pg.psql("dd_v1", "BEGIN;\n" + both.stdout + "\nCOMMIT;\n")
    check = retort.run(["diff", url1, url2])
    assert check.returncode == 0, check.stderr
    assert sql_only(check.stdout) == "", check.stdout
    pg.dropdb("dd_v1")
    pg.dropdb("dd_v2")


def test_either_side_failing_is_reported(retort, pg):
    url = pg.createdb("dd_ok", V1.read_text())
    r = retort.run(["diff", NOWHERE, url])
    assert r.returncode == 3
    assert r.stdout == ""
    assert r.stderr.startswith(f"retort: cannot connect to '{NOWHERE}'")
    r = retort.run(["diff", url, NOWHERE])
    assert r.returncode == 3
    assert r.stdout == ""
    assert r.stderr.startswith(f"retort: cannot connect to '{NOWHERE}'")
    # both fail: FROM's error, as when FROM was loaded first
    r = retort.run(["diff", "missing.sql", NOWHERE])
    assert r.returncode == 3
    assert r.stderr.startswith("retort: cannot read 'missing.sql'"), r.stderr
    r = retort.run(["diff", NOWHERE, "missing.sql"])
    assert r.returncode == 3
    assert r.stderr.startswith(f"retort: cannot connect to '{NOWHERE}'")
    pg.dropdb("dd_ok")


def test_unmanaged_objects_named_per_side_from_first(retort, pg):
    """Both sides' notes are printed after both loads, FROM's first, as
    inspect prints them."""
    stats = "CREATE STATISTICS task_stats ON id, project_id FROM tasks;\n"
    url1 = pg.createdb("dd_um1", V2.read_text() + stats)
    url2 = pg.createdb("dd_um2", V2.read_text() + stats)
    r = retort.run(["diff", url1, url2])
    assert r.returncode == 0, r.stderr
    i1 = retort.run(["inspect", url1])
    i2 = retort.run(["inspect", url2])
    assert "unmanaged: statistics public.task_stats" in i1.stderr
    assert r.stderr == i1.stderr + i2.stderr
    pg.dropdb("dd_um1")
    pg.dropdb("dd_um2")


def test_views_rebuilt_between_two_databases(retort, pg):
    """Views read from pg_get_viewdef and pg_depend on both sides: the
    views on a retyped column are dropped before it and created after,
    in dependency order, and the result is B exactly (no note)."""
    case = REPO / "tests" / "cases" / "views_change"
    url1 = pg.createdb("dd_views_a", (case / "a.sql").read_text())
    url2 = pg.createdb("dd_views_b", (case / "b.sql").read_text())
    r = retort.run(["diff", url1, url2])
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert out.index("DROP VIEW public.big_customers") < out.index(
        "DROP VIEW public.customer_totals") < out.index(
        "ALTER COLUMN total TYPE") < out.index(
        "CREATE VIEW public.customer_totals") < out.index(
        "CREATE VIEW public.big_customers")
    assert "-- retort:" not in out
    pg.psql("dd_views_a", "BEGIN;\n" + out + "\nCOMMIT;\n")
    check = retort.run(["diff", url1, url2])
    assert check.returncode == 0, check.stderr
    assert check.stdout == "", check.stdout
    pg.dropdb("dd_views_a")
    pg.dropdb("dd_views_b")
