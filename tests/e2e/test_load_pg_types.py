# SPDX-License-Identifier: MIT
"""The live loader's domains, composite and range types and rules: the
model read from a database (through the statements the server composes),
and a migration of them applied to it."""

import json

from conftest import sql_only

SCHEMA = r"""
CREATE SCHEMA app;
CREATE DOMAIN app.posint AS integer DEFAULT 1 NOT NULL CHECK (VALUE > 0);
ALTER DOMAIN app.posint ADD CHECK (VALUE < 1000);
ALTER DOMAIN app.posint ADD CONSTRAINT not13 CHECK (VALUE <> 13) NOT VALID;
CREATE DOMAIN code AS varchar(8) COLLATE "C";
COMMENT ON DOMAIN code IS 'short code';
CREATE TYPE pair AS (a app.posint, b text COLLATE "POSIX");
CREATE TYPE floatrange AS RANGE (subtype = float8, subtype_diff = float8mi);
CREATE TYPE app.span AS RANGE (subtype = int8, multirange_type_name = spans);
CREATE TABLE t (id int PRIMARY KEY, c code, p pair, r floatrange);
CREATE TABLE log (id int);
CREATE RULE t_log AS ON INSERT TO t DO ALSO INSERT INTO log VALUES (new.id);
CREATE RULE t_keep AS ON DELETE TO t DO INSTEAD NOTHING;
ALTER TABLE t DISABLE RULE t_keep;
COMMENT ON RULE t_log ON t IS 'audit';
"""


def inspect(retort, url):
    r = retort.run(["inspect", "--json", url])
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout), r.stderr


def named(items, name):
    return next(x for x in items if x["name"] == name)


def test_load_pg_types_and_rules(pg, retort):
    url = pg.createdb("load_pg_types", SCHEMA)
    try:
        doc, stderr = inspect(retort, url)
        d = named(doc["domains"], "posint")
        assert d["schema"] == "app" and d["not_null"]
        assert d["type"] == {"schema": "pg_catalog", "name": "integer"}
        assert [(k["name"], k["not_valid"]) for k in d["checks"]] == [
            ("not13", True), ("posint_check", False),
            ("posint_check1", False)]
        code = named(doc["domains"], "code")
        assert code["collation"] == {"schema": "pg_catalog", "name": "C"}
        assert code["comment"] == "short code"
        pair = named(doc["composite_types"], "pair")
        assert [(a["name"], a["type"]["schema"], a["type"]["name"])
                for a in pair["attributes"]] == [
            ("a", "app", "posint"), ("b", "pg_catalog", "text")]
        fr = named(doc["range_types"], "floatrange")
        assert fr["subtype_diff"] == {"schema": "pg_catalog",
                                      "name": "float8mi"}
        assert fr["multirange"] is None
        assert named(doc["range_types"], "span")["multirange"] == "spans"
        rules = {r["name"]: r for r in doc["rules"]}
        assert rules["t_keep"]["enabled"] == "D"
        assert rules["t_log"]["comment"] == "audit"
        assert rules["t_log"]["table"] == {"schema": "public", "name": "t"}
        col = named(named(doc["tables"], "t")["columns"], "c")
        assert col["type"] == {"schema": "public", "name": "code"}
        assert doc["unmanaged"] == [] and "unmanaged" not in stderr
    finally:
        pg.dropdb("load_pg_types")


def test_migration_of_types_and_rules_applies(pg, retort, tmp_sql):
    url = pg.createdb("load_pg_types_mig", SCHEMA)
    target = tmp_sql("target.sql", SCHEMA
                     .replace("varchar(8)", "varchar(12)")
                     .replace("b text COLLATE \"POSIX\"", "b text, c int")
                     .replace("ALTER TABLE t DISABLE RULE t_keep;", ""))
    try:
        r = retort.run(["diff", url, target])
        assert r.returncode == 0, r.stderr
        up = sql_only(r.stdout)
        assert "ALTER TABLE public.t ENABLE RULE t_keep" in up
        assert "DROP DOMAIN public.code" in up
        pg.psql("load_pg_types_mig", up)
        r = retort.run(["diff", url, target])
        assert r.returncode == 0, r.stderr
        assert sql_only(r.stdout) == "", r.stdout
    finally:
        pg.dropdb("load_pg_types_mig")
