# SPDX-License-Identifier: MIT
"""The command line itself: global options, usage errors, exit statuses,
error format (file:line:col, detail/hint), and that passwords never leak."""

import re
import subprocess

import pytest

BAD_URL = "postgresql://u:s3cret@127.0.0.1:1/x"


def test_no_arguments_is_usage_error(retort):
    r = retort.run([])
    assert r.returncode == 2
    assert "usage: retort" in r.stderr
    assert r.stdout == ""


@pytest.mark.parametrize("flag", ["--help", "-h", "help"])
def test_help_lists_commands(retort, flag):
    r = retort.run([flag])
    assert r.returncode == 0, r.stderr
    assert "usage: retort" in r.stdout
    for cmd in ("diff", "inspect"):
        assert re.search(rf"^\s+{cmd}\s", r.stdout, re.M), cmd


def test_version(retort):
    r = retort.run(["--version"])
    assert r.returncode == 0
    assert re.fullmatch(r"retort \d+\.\d+\.\d+\n", r.stdout)


def test_unknown_command(retort):
    r = retort.run(["frobnicate"])
    assert r.returncode == 2
    assert "retort: unknown command 'frobnicate'" in r.stderr


def test_help_for_unknown_command(retort):
    r = retort.run(["help", "frobnicate"])
    assert r.returncode == 2
    assert "retort: unknown command 'frobnicate'" in r.stderr


def test_unknown_global_option(retort):
    r = retort.run(["--frobnicate"])
    assert r.returncode == 2
    assert "unknown option '--frobnicate'" in r.stderr


@pytest.mark.parametrize("cmd", ["diff", "inspect"])
def test_command_help(retort, cmd):
    r = retort.run([cmd, "--help"])
    assert r.returncode == 0
    assert r.stdout.startswith(f"usage: retort {cmd} ")
    assert "--schema S" in r.stdout
    assert "--exclude-schema S" in r.stdout
    assert "--help" in r.stdout
    # `retort help CMD` is the same text
    assert retort.run(["help", cmd]).stdout == r.stdout


@pytest.mark.parametrize("args,msg", [
    (["diff"], "diff needs FROM and TO"),
    (["diff", "a.sql"], "diff needs FROM and TO"),
    (["diff", "a.sql", "b.sql", "c.sql"], "diff takes two sources"),
    (["inspect"], "inspect needs a SOURCE"),
    (["inspect", "a.sql", "b.sql"], "inspect takes one SOURCE"),
    (["diff", "--bogus", "a.sql", "b.sql"], "unknown option '--bogus'"),
    (["inspect", "a.sql", "--schema"], "option '--schema' needs a value"),
])
def test_usage_errors(retort, args, msg):
    r = retort.run(args)
    assert r.returncode == 2, r.stderr
    assert f"retort: {msg}" in r.stderr
    assert f"usage: retort {args[0]} " in r.stderr
    assert r.stdout == ""


@pytest.mark.parametrize("source", ["foo", "mysql://h/db", "schema.txt"])
def test_unknown_source_form_names_accepted_forms(retort, source):
    r = retort.run(["inspect", source])
    assert r.returncode == 2, r.stderr
    assert r.stderr.startswith("retort: ")
    assert "postgres" in r.stderr and ".sql" in r.stderr
    assert r.stdout == ""


def test_missing_file_is_io_error(retort, tmp_path):
    missing = tmp_path / "nope.sql"
    r = retort.run(["inspect", missing])
    assert r.returncode == 3, r.stderr
    assert f"cannot read '{missing}'" in r.stderr
    assert "No such file or directory" in r.stderr


def test_malformed_sql_points_at_line_and_column(retort, tmp_sql):
    f = tmp_sql("bad.sql", "CREATE TABLE a (id int);\n\n"
                "CREATE TABLE b (id int,, x text);\n")
    r = retort.run(["inspect", f])
    assert r.returncode == 2, r.stderr
    m = re.match(rf"retort: {re.escape(str(f))}:(\d+):(\d+): ", r.stderr)
    assert m, r.stderr
    assert m.group(1) == "3"
    assert int(m.group(2)) >= 1
    assert r.stdout == ""


def test_malformed_sql_in_diff_names_the_right_file(retort, tmp_sql):
    good = tmp_sql("good.sql", "CREATE TABLE a (id int);\n")
    bad = tmp_sql("bad.sql", "CREATE TABLE a (id int;\n")
    r = retort.run(["diff", good, bad])
    assert r.returncode == 2, r.stderr
    assert r.stderr.startswith(f"retort: {bad}:1:")
    assert r.stdout == ""


def test_unreachable_database_hides_password(retort):
    r = retort.run(["inspect", BAD_URL])
    assert r.returncode == 3, r.stderr
    assert r.stderr.startswith("retort: ")
    assert "s3cret" not in r.stderr + r.stdout
    assert r.stdout == ""


def test_unreachable_database_in_diff(retort, tmp_sql):
    f = tmp_sql("a.sql", "CREATE TABLE a (id int);\n")
    r = retort.run(["diff", f, BAD_URL])
    assert r.returncode == 3, r.stderr
    assert "s3cret" not in r.stderr + r.stdout


def test_missing_database_is_db_error(retort, pg):
    r = retort.run(["inspect", pg.url("no_such_db_here")])
    assert r.returncode == 3, r.stderr
    assert "no_such_db_here" in r.stderr


def test_unknown_source_form_hides_password(retort):
    r = retort.run(["diff", "mysql://u:s3cret@h/db", "b.sql"])
    assert r.returncode == 2, r.stderr
    assert "s3cret" not in r.stderr + r.stdout


def test_password_in_a_working_url_is_not_printed(retort, pg):
    """The server trusts the role, so the password is ignored by it; it
    must not show up in the JSON source, the notes or any error."""
    pg.createdb("cli_pw", "CREATE VIEW v AS SELECT 1 AS one;\n"
                "CREATE TABLE t (id int PRIMARY KEY);\n")
    url = pg.url("cli_pw").replace("harness@", "harness:s3cret@")
    r = retort.run(["inspect", "--json", url])
    assert r.returncode == 0, r.stderr
    assert "s3cret" not in r.stdout + r.stderr
    assert "harness:xxxxx@" in r.stdout
    r = retort.run(["diff", url, pg.url("no_such_db_cli_pw")
                    .replace("harness@", "harness:s3cret@")])
    assert r.returncode == 3
    assert "s3cret" not in r.stdout + r.stderr
    pg.dropdb("cli_pw")


def test_unmanaged_from_a_database_has_no_place(retort, pg):
    pg.createdb("cli_unmanaged", "CREATE TABLE t (id int, x int);\n"
                "CREATE STATISTICS s1 ON id, x FROM t;\n")
    r = retort.run(["inspect", "--json", pg.url("cli_unmanaged")])
    assert r.returncode == 0, r.stderr
    assert re.search(r"^retort: unmanaged: statistics public\.s1$",
                     r.stderr, re.M), r.stderr
    pg.dropdb("cli_unmanaged")


@pytest.mark.parametrize("args", [
    ["inspect", "--json", "{small}"],
    # about 1 MB of JSON: written in pieces while the command runs, so
    # the write that fails is long past when the exit flushes (its errno
    # was once printed as "Success")
    ["inspect", "--json", "{large}"],
    ["inspect", "{large}"],
    ["--version"],
    ["help"],
], ids=["small json", "streamed json", "streamed sql", "version", "help"])
def test_write_error_is_reported(retort, tmp_sql, args):
    small = tmp_sql("a.sql", "CREATE TABLE t (id int);\n")
    large = tmp_sql("big.sql", "".join(
        f"CREATE TABLE t{i} (id int PRIMARY KEY, name text NOT NULL "
        f"DEFAULT 'x', at timestamptz DEFAULT now());\n"
        for i in range(2000)))
    argv = [a.format(small=small, large=large) for a in args]
    with open("/dev/full", "w") as full:
        r = subprocess.run([retort.path] + argv,
                           stdout=full, stderr=subprocess.PIPE, text=True)
    assert r.returncode == 3, r.stderr
    lines = r.stderr.splitlines()
    assert len(lines) == 1, r.stderr
    assert lines[0].startswith("retort: cannot write the output: "), r.stderr
    assert "Success" not in r.stderr, r.stderr
