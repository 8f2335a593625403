# SPDX-License-Identifier: MIT
"""The live loader sends a branch of its definitions, dependencies and
other-objects queries only when a probe of its first query found a row the
branch could take (PROBES in load_pg_sql.c). Each case here is a database that
holds one such kind and nothing else a probe would see, so that a probe
that misses its kind leaves the kind out of the model: each kind must
still be read."""

import json

import pytest

ROLE = "probe_reader"


def load(retort, url):
    r = retort.run(["inspect", "--json", url])
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def named(items, name):
    return [x for x in items if x["name"] == name]


def table(doc, name):
    (t,) = named(doc["tables"], name)
    return t


def unmanaged(doc):
    return [u["what"] for u in doc["unmanaged"]]


READER = {"grantee": ROLE, "privilege": "SELECT", "grantable": False}

# (id, SQL, check on the model)
CASES = [
    ("domain", "CREATE DOMAIN posint AS int CHECK (VALUE > 0);",
     lambda d: named(d["domains"], "posint")),
    ("composite", "CREATE TYPE pair AS (a int, b text);",
     lambda d: named(d["composite_types"], "pair")),
    ("range", "CREATE TYPE span AS RANGE (subtype = int4);",
     lambda d: named(d["range_types"], "span")),
    ("rule", "CREATE TABLE t (a int); CREATE RULE no_ins AS ON INSERT TO t "
     "DO INSTEAD NOTHING;",
     lambda d: d["rules"] and d["rules"][0]["name"] == "no_ins"),
    ("view", "CREATE VIEW v AS SELECT 1 AS a;",
     lambda d: named(d["views"], "v")),
    ("materialized view index",
     "CREATE MATERIALIZED VIEW mv AS SELECT 1 AS a; "
     "CREATE INDEX mv_a ON mv (a);",
     lambda d: named(d["views"], "mv") and named(d["indexes"], "mv_a")),
    ("storage parameters", "CREATE TABLE t (a int) WITH (fillfactor = 70);",
     lambda d: table(d, "t")["options"] == ["fillfactor=70"]),
    ("replica identity",
     "CREATE TABLE t (a int); ALTER TABLE t REPLICA IDENTITY FULL;",
     lambda d: table(d, "t")["replica_identity"] == "f"),
    ("cluster", "CREATE TABLE t (a int PRIMARY KEY); "
     "ALTER TABLE t CLUSTER ON t_pkey;",
     lambda d: table(d, "t")["cluster_on"] == "t_pkey"),
    ("function", "CREATE FUNCTION f() RETURNS int LANGUAGE sql "
     "AS 'SELECT 1';",
     lambda d: named(d["functions"], "f()")),
    # a built-in trigger function: no user function to probe
    ("trigger", "CREATE TABLE t (a int); CREATE TRIGGER t_same BEFORE UPDATE "
     "ON t FOR EACH ROW EXECUTE FUNCTION "
     "suppress_redundant_updates_trigger();",
     lambda d: named(d["triggers"], "t_same")),
    ("policy", "CREATE TABLE t (a int); CREATE POLICY mine ON t "
     "USING (a > 0);",
     lambda d: named(d["policies"], "mine")),
    ("table grant", f"CREATE TABLE t (a int); GRANT SELECT ON t TO {ROLE};",
     lambda d: table(d, "t")["grants"] == [READER]),
    ("column grant", f"CREATE TABLE t (a int, b int); "
     f"GRANT SELECT (b) ON t TO {ROLE};",
     lambda d: table(d, "t")["grants"] == []
     and table(d, "t")["columns"][1]["grants"] == [READER]),
    # a view's column: only the columns' ACL branch reads it
    ("view column grant", f"CREATE VIEW v AS SELECT 1 AS a, 2 AS b; "
     f"GRANT SELECT (b) ON v TO {ROLE};",
     lambda d: "privileges on view public.v" in unmanaged(d)),
    ("sequence grant", f"CREATE SEQUENCE s; GRANT SELECT ON s TO {ROLE};",
     lambda d: [g for q in named(d["sequences"], "s") for g in q["grants"]
                if g["grantee"] == ROLE]),
    ("schema grant", f"CREATE SCHEMA app; GRANT USAGE ON SCHEMA app "
     f"TO {ROLE};",
     lambda d: [g for n in named(d["namespaces"], "app")
                for g in n["grants"] if g["grantee"] == ROLE]),
    ("type grant", f"CREATE TYPE mood AS ENUM ('calm'); "
     f"REVOKE USAGE ON TYPE mood FROM PUBLIC;",
     lambda d: [e for e in named(d["enums"], "mood")
                if e.get("grants") == []]
     or "privileges on type public.mood" in unmanaged(d)),
    ("function grant", f"CREATE FUNCTION f() RETURNS int LANGUAGE sql "
     f"AS 'SELECT 1'; REVOKE EXECUTE ON FUNCTION f() FROM PUBLIC;",
     lambda d: [f for f in named(d["functions"], "f()")
                if not [g for g in f["grants"] if g["grantee"] == "PUBLIC"]]),
    ("foreign table", "CREATE FOREIGN DATA WRAPPER w; "
     "CREATE SERVER srv FOREIGN DATA WRAPPER w; "
     "CREATE FOREIGN TABLE ft (a int) SERVER srv;",
     lambda d: {"foreign table public.ft", "foreign data wrapper w",
                "server srv"} <= set(unmanaged(d))),
    ("aggregate", "CREATE AGGREGATE total(int) (SFUNC = int4pl, "
     "STYPE = int);",
     lambda d: "aggregate public.total(integer)" in unmanaged(d)),
    # a base type of built-in input and output functions (superuser)
    ("base type", "CREATE TYPE word; "
     "CREATE FUNCTION word_in(cstring) RETURNS word LANGUAGE internal "
     "IMMUTABLE STRICT AS 'textin'; "
     "CREATE FUNCTION word_out(word) RETURNS cstring LANGUAGE internal "
     "IMMUTABLE STRICT AS 'textout'; "
     "CREATE TYPE word (INPUT = word_in, OUTPUT = word_out, LIKE = text);",
     lambda d: "type public.word" in unmanaged(d)),
    ("statistics", "CREATE TABLE t (a int, b int); "
     "CREATE STATISTICS st ON a, b FROM t;",
     lambda d: "statistics public.st" in unmanaged(d)),
    ("event trigger", "CREATE FUNCTION on_ddl() RETURNS event_trigger "
     "LANGUAGE plpgsql AS $$BEGIN END$$; "
     "CREATE EVENT TRIGGER probe_evt ON ddl_command_end "
     "EXECUTE FUNCTION on_ddl();",
     lambda d: "event trigger probe_evt" in unmanaged(d)),
    ("publication", "CREATE PUBLICATION probe_pub;",
     lambda d: "publication probe_pub" in unmanaged(d)),
    ("default privileges", f"ALTER DEFAULT PRIVILEGES GRANT SELECT ON "
     f"TABLES TO {ROLE};",
     lambda d: [u for u in unmanaged(d)
                if u.startswith("default privileges for role ")]),
]


@pytest.mark.parametrize("sql,check", [(s, c) for _, s, c in CASES],
                         ids=[i for i, _, _ in CASES])
def test_load_pg_probe_finds_the_kind(pg, retort, request, sql, check):
    pg.psql("postgres", f"DO $$ BEGIN CREATE ROLE {ROLE}; "
            "EXCEPTION WHEN duplicate_object THEN NULL; END $$")
    name = "probe_" + "".join(ch if ch.isalnum() else "_"
                              for ch in request.node.callspec.id)
    url = pg.createdb(name, sql)
    try:
        doc = load(retort, url)
        assert check(doc), json.dumps(doc, indent=1)
    finally:
        pg.dropdb(name)


def test_load_pg_probes_an_empty_database(pg, retort):
    """Nothing to probe: the statements of no branch still read as
    empty results."""
    url = pg.createdb("probe_empty")
    try:
        doc = load(retort, url)
        for kind in ("domains", "composite_types", "range_types", "views",
                     "functions", "triggers", "policies", "rules",
                     "unmanaged"):
            assert doc[kind] == [], kind
    finally:
        pg.dropdb("probe_empty")
