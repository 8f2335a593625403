# SPDX-License-Identifier: MIT
"""The own-case harness (harness.py) itself: it must fail a migration that
does not reach the target, and pass one that does, so test_cases.py cannot
pass by a harness that compares nothing."""

import subprocess

import harness


def test_split_sql_keeps_quoted_semicolons_and_drops_comments():
    text = ("\\restrict abc123\n"
            "-- a comment; with a semicolon\n"
            "SET x = 1;\n"
            "CREATE TABLE \"a;b\" (v text DEFAULT 'x;''y' /* c; */);\n"
            "COMMENT ON TABLE t IS E'it\\'s; fine';\n"
            "CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ "
            "LANGUAGE sql;\n"
            "\\unrestrict abc123\n")
    assert harness.split_sql(text) == [
        "SET x = 1",
        "CREATE TABLE \"a;b\" (v text DEFAULT 'x;''y' )",
        "COMMENT ON TABLE t IS E'it\\'s; fine'",
        "CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ "
        "LANGUAGE sql",
    ]


def test_normalise_ignores_column_order_only():
    one = "CREATE TABLE public.t (\n    a integer,\n    b text\n)"
    two = "CREATE TABLE public.t (\n    b text,\n    a integer\n)"
    three = "CREATE TABLE public.t (\n    b text,\n    a bigint\n)"
    assert harness.normalise(one) == harness.normalise(two)
    assert harness.normalise(one) != harness.normalise(three)


def fixed_tool(stdout, code=0):
    def tool(from_url, to_file):
        return subprocess.CompletedProcess([], code, stdout, "boom")
    return tool


def run(pg, tmp_path, a, b, tool):
    (tmp_path / "a.sql").write_text(a)
    (tmp_path / "b.sql").write_text(b)
    dbs = ["rtharness_a", "rtharness_b"]
    harness.drop_databases(pg.env, dbs)
    try:
        return harness.run_case(pg.env, tool, tmp_path, *dbs)
    finally:
        harness.drop_databases(pg.env, dbs)


A = "CREATE TABLE t (id int PRIMARY KEY);\n"
B = "CREATE TABLE t (note text, id int PRIMARY KEY);\n"


def test_harness_fails_a_migration_that_does_nothing(pg, tmp_path):
    res = run(pg, tmp_path, A, B, fixed_tool(""))
    for d in harness.DIRECTIONS:
        assert res[d].status == "FAIL"
        assert res[d].detail.startswith("schemas differ"), res[d].detail
        assert "note text" in res[d].diff


def test_harness_passes_a_right_migration_in_any_column_order(pg, tmp_path):
    def tool(from_url, to_file):
        sql = ("ALTER TABLE t ADD COLUMN note text;"
               if to_file.endswith("b.sql")
               else "ALTER TABLE t DROP COLUMN note;")
        return subprocess.CompletedProcess([], 0, sql, "")
    res = run(pg, tmp_path, A, B, tool)
    assert [res[d].status for d in harness.DIRECTIONS] == ["PASS", "PASS"], \
        [res[d].detail for d in harness.DIRECTIONS]


def test_harness_fails_on_tool_error_and_bad_sql(pg, tmp_path):
    res = run(pg, tmp_path, A, B, fixed_tool("", code=2))
    assert res["forward"].status == "FAIL"
    assert res["forward"].detail == "tool exited 2: boom"
    res = run(pg, tmp_path, A, B, fixed_tool("ALTER TABLE nope ADD x int;"))
    assert res["reverse"].status == "FAIL"
    assert res["reverse"].detail.startswith("migration failed to apply")
    assert "nope" in res["reverse"].detail


def test_harness_fails_a_case_file_that_does_not_load(pg, tmp_path):
    res = run(pg, tmp_path, A, "CREATE TABLE broken (;\n", fixed_tool(""))
    for d in harness.DIRECTIONS:
        assert res[d].status == "FAIL"
        assert res[d].detail.startswith("b.sql does not load"), res[d].detail
