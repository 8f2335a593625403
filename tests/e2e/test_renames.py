# SPDX-License-Identifier: MIT
"""Renames (issue 7 item 5): never guessed, a hint on stderr; asked for
with --rename or a SQL source's '-- retort: renamed from OLD', one
ALTER ... RENAME and no data moved: on a real server, the rows inserted
before the rename are all there after it, the database then matches the
target (diff prints nothing), and --down renames back."""

from conftest import require  # noqa: F401  (the gate's hooks)

FROM = """
CREATE TABLE tasks (
    id serial PRIMARY KEY,
    title text NOT NULL,
    done boolean NOT NULL DEFAULT false,
    CONSTRAINT title_len CHECK (length(title) < 200)
);
CREATE INDEX ix_tasks_title ON tasks (lower(title));
CREATE TABLE notes (
    id serial PRIMARY KEY,
    task_id integer NOT NULL REFERENCES tasks (id),
    body text
);
CREATE VIEW open_tasks AS SELECT id, title FROM tasks WHERE NOT done;
"""

# tasks -> todo, title -> name; everything that PostgreSQL keeps by
# object id follows, the names derived from the table are the target's
TO = """
CREATE TABLE todo (
    id serial PRIMARY KEY,
    name text NOT NULL,
    done boolean NOT NULL DEFAULT false,
    CONSTRAINT title_len CHECK (length(name) < 200)
);
CREATE INDEX ix_todo_name ON todo (lower(name));
CREATE TABLE notes (
    id serial PRIMARY KEY,
    task_id integer NOT NULL REFERENCES todo (id),
    body text
);
CREATE VIEW open_tasks AS SELECT id, name AS title FROM todo WHERE NOT done;
"""

# the same target, asking for the renames itself
TO_MARKED = """
-- retort: renamed from tasks
CREATE TABLE todo (
    id serial PRIMARY KEY,
    -- retort: renamed from title
    name text NOT NULL,
    done boolean NOT NULL DEFAULT false,
    CONSTRAINT title_len CHECK (length(name) < 200)
);
CREATE INDEX ix_todo_name ON todo (lower(name));
CREATE TABLE notes (
    id serial PRIMARY KEY,
    task_id integer NOT NULL REFERENCES todo (id),
    body text
);
CREATE VIEW open_tasks AS SELECT id, name AS title FROM todo WHERE NOT done;
"""

ROWS = """
INSERT INTO tasks (title, done)
SELECT 'task ' || g, g % 3 = 0 FROM generate_series(1, 500) g;
INSERT INTO notes (task_id, body)
SELECT id, 'note on ' || title FROM tasks WHERE id % 2 = 0;
"""

RENAMES = ["--rename", "public.tasks.title=name",
           "--rename", "public.tasks=todo"]


def rows(pg, db, table, col):
    return pg.psql(db, f"SELECT id, {col} FROM {table} ORDER BY id")


def test_hint_on_stderr_exit_0(retort, tmp_sql):
    a = tmp_sql("a.sql", "CREATE TABLE tasks (id int PRIMARY KEY, "
                "title text NOT NULL);\n"
                "CREATE TABLE old_tags (id int NOT NULL, label text);\n")
    b = tmp_sql("b.sql", "CREATE TABLE tasks (id int PRIMARY KEY, "
                "name text NOT NULL);\n"
                "CREATE TABLE tags (id int NOT NULL, label text);\n")
    r = retort.run(["diff", a, b])
    assert r.returncode == 0, r.stderr
    # never guessed: still a drop and an add
    assert "DROP COLUMN title" in r.stdout
    assert "DROP TABLE public.old_tags" in r.stdout
    assert "RENAME" not in r.stdout
    assert r.stderr.splitlines() == [
        "hint: public.old_tags may have been renamed to tags: "
        "--rename public.old_tags=tags",
        "hint: public.tasks.title may have been renamed to name: "
        "--rename public.tasks.title=name",
    ]
    # asked for as the hint says: no hint left, one statement each
    r = retort.run(["diff", a, b, "--rename", "public.tasks.title=name",
                    "--rename", "public.old_tags=tags"])
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    assert r.stdout == (
        "ALTER TABLE public.tasks RENAME COLUMN title TO name;\n\n"
        "ALTER TABLE public.old_tags RENAME TO tags;\n")


def test_bad_requests_exit_2(retort, tmp_sql):
    a = tmp_sql("a.sql", "CREATE TABLE t (id int, n int);\n")
    b = tmp_sql("b.sql", "CREATE TABLE t (id int, m int);\n")
    cases = [
        ("public.nope.n=m",
         "retort: cannot rename column 'public.nope.n': FROM has no such "
         "column"),
        ("public.t.n=zz",
         "retort: cannot rename column 'public.t.n' to 'zz': TO has no "
         "column 'public.t.zz'"),
        ("public.t=u",
         "retort: cannot rename table 'public.t' to 'u': TO has no table "
         "'public.u'"),
        ("t.n",
         "retort: cannot read rename 't.n': expected schema.table=new_name "
         "or schema.table.column=new_name"),
    ]
    for spec, msg in cases:
        r = retort.run(["diff", a, b, "--rename", spec])
        assert r.returncode == 2, (spec, r.stderr)
        assert r.stdout == ""
        assert r.stderr.splitlines()[0] == msg


def apply_and_check(retort, pg, db, up_args, target):
    url = pg.createdb(db, FROM)
    pg.psql(db, ROWS)
    before_tasks = rows(pg, db, "tasks", "title")
    before_notes = rows(pg, db, "notes", "body")
    up = retort.run(["diff", url, target] + up_args)
    assert up.returncode == 0, up.stderr
    assert up.stderr == ""
    # one statement per rename, nothing dropped, nothing copied
    assert "DROP TABLE" not in up.stdout
    assert "DROP COLUMN" not in up.stdout
    assert "INSERT" not in up.stdout and "UPDATE" not in up.stdout
    # the view follows the table and its column, as PostgreSQL's does
    assert "VIEW" not in up.stdout, up.stdout
    assert up.stdout.startswith(
        "ALTER TABLE public.tasks RENAME COLUMN title TO name;\n\n"
        "ALTER TABLE public.tasks RENAME TO todo;\n\n"
        "ALTER TABLE public.todo RENAME CONSTRAINT tasks_pkey TO "
        "todo_pkey;\n\n"
        "ALTER INDEX public.ix_tasks_title RENAME TO ix_todo_name;\n\n"
        "ALTER SEQUENCE public.tasks_id_seq RENAME TO todo_id_seq;\n")
    pg.psql(db, "BEGIN;\n" + up.stdout + "\nCOMMIT;\n")
    # every row survived, under the new names
    assert rows(pg, db, "todo", "name") == before_tasks
    assert rows(pg, db, "notes", "body") == before_notes
    assert before_tasks.count("\n") == 500
    # the view was never dropped: it reads the renamed column under its
    # old output name
    assert pg.psql(db, "SELECT count(title) FROM open_tasks").strip() == \
        "334"
    # the sequence kept counting: a new row does not collide
    pg.psql(db, "INSERT INTO todo (name) VALUES ('after');")
    assert pg.psql(db, "SELECT max(id) FROM todo").strip() == "501"
    # the database is now the target
    check = retort.run(["diff", url, target])
    assert check.returncode == 0, check.stderr
    assert check.stdout == "", check.stdout
    assert check.stderr == ""
    return url


def test_rename_keeps_rows_and_matches_target(retort, pg, tmp_sql):
    target = tmp_sql("to.sql", TO)
    url = apply_and_check(retort, pg, "renames_flag", RENAMES, target)
    pg.dropdb("renames_flag")
    assert url


def test_marks_in_sql_source(retort, pg, tmp_sql):
    target = tmp_sql("to.sql", TO_MARKED)
    apply_and_check(retort, pg, "renames_marks", [], target)
    pg.dropdb("renames_marks")


def test_down_renames_back(retort, pg, tmp_sql):
    source = tmp_sql("from.sql", FROM)
    target = tmp_sql("to.sql", TO)
    url = apply_and_check(retort, pg, "renames_down", RENAMES, target)
    down = retort.run(["diff", "--down", source, target] + RENAMES)
    assert down.returncode == 0, down.stderr
    assert "DROP TABLE" not in down.stdout
    assert "DROP COLUMN" not in down.stdout
    assert "VIEW" not in down.stdout, down.stdout
    # the same as `diff TO FROM` with the requests reversed
    back = retort.run(["diff", target, source,
                       "--rename", "public.todo.name=title",
                       "--rename", "public.todo=tasks"])
    assert back.returncode == 0, back.stderr
    assert back.stdout == down.stdout
    pg.psql("renames_down", "BEGIN;\n" + down.stdout + "\nCOMMIT;\n")
    assert rows(pg, "renames_down", "tasks", "title").count("\n") == 501
    check = retort.run(["diff", url, source])
    assert check.returncode == 0, check.stderr
    assert check.stdout == "", check.stdout
    pg.dropdb("renames_down")


def test_rename_with_type_change(retort, pg, tmp_sql):
    a = "CREATE TABLE t (id int PRIMARY KEY, n integer NOT NULL);\n"
    b = tmp_sql("b.sql",
                "CREATE TABLE t (id int PRIMARY KEY, m bigint NOT NULL);\n")
    url = pg.createdb("renames_retype", a)
    pg.psql("renames_retype",
            "INSERT INTO t SELECT g, g * 10 FROM generate_series(1, 50) g;")
    up = retort.run(["diff", url, b, "--rename", "public.t.n=m"])
    assert up.returncode == 0, up.stderr
    assert up.stdout == (
        "ALTER TABLE public.t RENAME COLUMN n TO m;\n\n"
        "ALTER TABLE public.t ALTER COLUMN m TYPE bigint;\n")
    pg.psql("renames_retype", up.stdout)
    assert pg.psql("renames_retype", "SELECT sum(m) FROM t").strip() == \
        "12750"
    check = retort.run(["diff", url, b])
    assert check.stdout == "" and check.returncode == 0
    pg.dropdb("renames_retype")
