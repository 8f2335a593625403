# SPDX-License-Identifier: MIT
"""`retort inspect SOURCE`: SQL and JSON output, round trips through a real
server, schema filters, unmanaged objects named on stderr."""

import json
import re

from conftest import REPO, sql_only

EXAMPLE = REPO / "examples" / "tasks"

TWO_SCHEMAS = """
CREATE SCHEMA app;
CREATE SCHEMA audit;
CREATE TYPE app.mood AS ENUM ('ok', 'meh');
CREATE TABLE app.people (id int PRIMARY KEY, mood app.mood);
CREATE TABLE audit.log (id bigserial PRIMARY KEY, at timestamptz NOT NULL);
CREATE INDEX log_at_idx ON audit.log (at);
CREATE TABLE public.misc (x text);
"""


def table_names(doc):
    return sorted(f"{t['schema']}.{t['name']}" for t in doc["tables"])


def test_inspect_sql_file_as_json(retort):
    r = retort.run(["inspect", "--json", EXAMPLE / "schema_v1.sql"])
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert list(doc) == ["source", "namespaces", "extensions", "collations",
                         "enums", "sequences", "tables", "indexes",
                         "functions", "domains", "composite_types",
                         "range_types", "views", "triggers", "policies",
                         "rules", "unmanaged"]
    assert table_names(doc) == ["public.projects", "public.tasks",
                                "public.users"]
    tasks = next(t for t in doc["tables"] if t["name"] == "tasks")
    cols = [c["name"] for c in tasks["columns"]]
    assert cols == ["id", "project_id", "title", "status", "assignee_id",
                    "estimate_hours", "created_at"]
    status = next(c for c in tasks["columns"] if c["name"] == "status")
    assert status["type"] == {"schema": "public", "name": "task_status"}
    est = next(c for c in tasks["columns"] if c["name"] == "estimate_hours")
    assert est["type"]["name"] == "numeric(6,2)"
    assert est["comment"] == "planned effort, in hours"
    cons = {c["name"]: c["type"] for c in tasks["constraints"]}
    assert cons["tasks_pkey"] == "primary_key"
    assert cons["tasks_project_id_fkey"] == "foreign_key"
    assert cons["tasks_estimate_hours_check"] == "check"
    assert [e["labels"] for e in doc["enums"]] == [["todo", "doing", "done"]]
    seqs = sorted(s["name"] for s in doc["sequences"])
    assert seqs == ["projects_id_seq", "tasks_id_seq", "users_id_seq"]
    idx = sorted(i["name"] for i in doc["indexes"])
    assert idx == ["tasks_assignee_open_idx", "tasks_project_id_idx"]


def test_inspect_json_is_deterministic(retort):
    args = ["inspect", "--json", EXAMPLE / "schema_v2.sql"]
    a = retort.run(args)
    b = retort.run(args)
    assert a.returncode == 0, a.stderr
    assert a.stdout == b.stdout


def test_inspect_names_unmanaged_objects(retort, tmp_sql):
    f = tmp_sql("stats.sql", "CREATE TABLE t (a int, b int);\n"
                "CREATE STATISTICS st ON a, b FROM t;\n")
    r = retort.run(["inspect", "--json", f])
    assert r.returncode == 0, r.stderr
    assert re.search(rf"^retort: {re.escape(str(f))}:2: unmanaged: "
                     r"statistics public\.st$", r.stderr, re.M), r.stderr
    doc = json.loads(r.stdout)
    assert [u["what"] for u in doc["unmanaged"]] == ["statistics public.st"]


def test_inspect_schema_filters(retort, tmp_sql):
    f = tmp_sql("two.sql", TWO_SCHEMAS)
    r = retort.run(["inspect", "--json", "--schema", "app", f])
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert table_names(doc) == ["app.people"]
    assert [n["name"] for n in doc["namespaces"]] == ["app"]
    assert doc["indexes"] == [] and doc["sequences"] == []

    r = retort.run(["inspect", "--json", "--exclude-schema", "audit",
                    "--exclude-schema", "public", f])
    doc = json.loads(r.stdout)
    assert table_names(doc) == ["app.people"]

    r = retort.run(["inspect", "--json", "--exclude-schema", "app", f])
    doc = json.loads(r.stdout)
    assert table_names(doc) == ["audit.log", "public.misc"]
    assert doc["enums"] == []


def test_inspect_sql_output_round_trips(retort, pg):
    """inspect's SQL, run on an empty database, gives back the schema."""
    src = EXAMPLE / "schema_v1.sql"
    r = retort.run(["inspect", src])
    assert r.returncode == 0, r.stderr
    assert "CREATE TABLE" in r.stdout
    url = pg.createdb("inspect_rt", r.stdout)
    d = retort.run(["diff", src, url])
    assert d.returncode == 0, d.stderr
    assert d.stdout == ""
    pg.dropdb("inspect_rt")


def test_inspect_database(retort, pg):
    sql = (EXAMPLE / "schema_v2.sql").read_text()
    url = pg.createdb("inspect_db", sql)
    r = retort.run(["inspect", "--json", url])
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert "public.task_labels" in table_names(doc)
    assert [v["name"] for v in doc["views"]] == ["open_tasks"]
    # the SQL form recreates the same schema in another database
    r = retort.run(["inspect", url])
    assert r.returncode == 0, r.stderr
    url2 = pg.createdb("inspect_db2", r.stdout)
    d = retort.run(["diff", url, url2])
    assert d.returncode == 0, d.stderr
    assert d.stdout == "", d.stdout
    pg.dropdb("inspect_db")
    pg.dropdb("inspect_db2")
