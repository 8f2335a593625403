# SPDX-License-Identifier: MIT
"""Safe forms by default on PostgreSQL (issue 8 item 2; plan_safe.c), end to
end: a project whose models are a SQL file, migrations written by
`retort revision`, applied by `retort upgrade` to a database of the session
server whose tables hold rows. Checks what the file holds (the header's
'Safe forms:' lines, the statements and their '-- +notransaction'), that
upgrade applies it with the rows kept and filled, that downgrade works, the
refusal of a NOT NULL column without a default (exit 1, the statement, the
hazard, the three steps), the --backfill value, and the rerun after a
failed CREATE UNIQUE INDEX CONCURRENTLY leaves an INVALID index.
"""

import hashlib
import re
import subprocess
from pathlib import Path

import pytest

from conftest import RETORT
from test_lifecycle import clean_env

V1 = """
create table users (id int primary key, email text);
create table tasks (id int primary key, title text, user_id int,
                    n int, note text);
create index tasks_note on tasks (note);
"""

# every safe form: an index on an existing table, one dropped, a foreign
# key, a check, SET NOT NULL, a volatile default, a NOT NULL column with a
# backfill value, a rewriting type change; and a table created anew
V2 = """
create table users (id int primary key, email text not null);
create table tasks (id int primary key, title text,
                    user_id int references users (id), n bigint, note text,
                    score int check (score > 0),
                    uid uuid not null default gen_random_uuid(),
                    prio int not null);
create unique index tasks_title on tasks (title);
create table tags (id int primary key, name text not null);
create index tags_name on tags (name);
"""


class Proj:
    def __init__(self, root, pg, name):
        self.root = Path(root)
        self.pg, self.name = pg, name
        self.url = pg.createdb(name)
        (self.root / "pyproject.toml").write_text(
            '[tool.retort]\nmodels = "schema.sql"\n'
            f'migrations = "migrations"\ndatabase_url = "{self.url}"\n')
        self.models(V1)
        assert self.run("init").returncode == 0

    def models(self, text):
        (self.root / "schema.sql").write_text(text)

    def run(self, *args):
        return subprocess.run([RETORT, *args], cwd=self.root,
                              capture_output=True, text=True,
                              env=clean_env(), timeout=120)

    def sql(self, text):
        return self.pg.psql(self.name, text).strip()

    def migration(self, n):
        return next((self.root / "migrations").glob(f"{n:04d}_*.sql"))


@pytest.fixture
def proj(request, tmp_path, pg):
    tag = hashlib.sha1(request.node.nodeid.encode()).hexdigest()[:8]
    p = Proj(tmp_path, pg, f"safe_{tag}")
    r = p.run("revision", "-m", "init")
    assert r.returncode == 0, r.stderr
    r = p.run("upgrade")
    assert r.returncode == 0, r.stderr
    p.sql("insert into users select g, 'u' || g "
          "from generate_series(1, 3000) g;"
          "insert into tasks select g, 't' || g, g % 3000 + 1, g, null "
          "from generate_series(1, 5000) g;")
    yield p
    pg.dropdb(p.name)


def statements(text, section="up"):
    """The statements of a section with their '-- +notransaction' mark."""
    body = text.split(f"-- +{section}\n", 1)[1]
    body = re.split(r"^-- \+(?:up|down|validate)", body, flags=re.M)[0]
    out, notx = [], False
    for chunk in re.split(r"\n\n+", body.strip()):
        lines = chunk.split("\n")
        if lines[0] == "-- +notransaction":
            notx, lines = True, lines[1:]
        if lines:
            out.append((notx, "\n".join(lines).rstrip(";")))
        notx = False
    return out


def test_refuses_not_null_without_default(proj):
    proj.models(V2)
    r = proj.run("revision", "-m", "safe")
    assert r.returncode == 1, r.stderr
    assert r.stderr.startswith(
        "retort: refusing 'ALTER TABLE public.tasks ADD COLUMN prio "
        "integer NOT NULL': ")
    assert "contains null values" in r.stderr
    assert "ACCESS EXCLUSIVE" in r.stderr
    hint = r.stderr.split("hint: ", 1)[1]
    assert "1. add public.tasks.prio nullable" in hint
    assert "2. backfill it in batches" in hint
    assert "3. set NOT NULL through CHECK (prio IS NOT NULL) NOT VALID" in hint
    assert "--backfill public.tasks.prio=SQLEXPR" in hint
    assert len(list((proj.root / "migrations").glob("0002_*"))) == 0


def test_bad_backfill(proj):
    proj.models(V2)
    r = proj.run("revision", "-m", "safe", "--backfill", "tasks.prio")
    assert r.returncode == 2
    assert "expected schema.table.column=SQLEXPR" in r.stderr
    r = proj.run("revision", "-m", "safe", "--backfill",
                 "public.tasks.prio=0", "--backfill", "public.tasks.nope=1")
    assert r.returncode == 2
    assert "--backfill public.tasks.nope" in r.stderr
    r = proj.run("revision", "-m", "safe", "--unsafe", "--backfill",
                 "public.tasks.prio=0")
    assert r.returncode == 2
    assert "does not go with --unsafe" in r.stderr


def test_revision_writes_safe_forms_and_upgrade_applies_them(proj):
    proj.models(V2)
    r = proj.run("revision", "-m", "safe", "--backfill",
                 "public.tasks.prio=id % 5")
    assert r.returncode == 0, r.stderr
    text = proj.migration(2).read_text()
    header = text.split("-- +up", 1)[0]
    assert "-- Safe forms:" in header
    safe = [l for l in header.splitlines() if "safe form: " in l]
    assert len(safe) == 8, safe  # 7 rewritten, the type change flagged
    assert any("change type of public.tasks.n" in l and "n__new" in l
               for l in safe)
    up = statements(text)
    notx = [s for t, s in up if t]
    assert "CREATE UNIQUE INDEX CONCURRENTLY tasks_title ON public.tasks " \
        "USING btree (title)" in notx
    assert "DROP INDEX CONCURRENTLY IF EXISTS public.tasks_title" in notx
    assert "DROP INDEX CONCURRENTLY IF EXISTS public.tasks_note" in notx
    assert "ALTER TABLE public.tasks VALIDATE CONSTRAINT " \
        "tasks_user_id_fkey" in notx
    assert "ALTER TABLE public.tasks VALIDATE CONSTRAINT " \
        "tasks_score_check" in notx
    assert "ALTER TABLE public.users VALIDATE CONSTRAINT " \
        "users_email_not_null" in notx
    assert sum(s.startswith("DO $retort_backfill$") for s in notx) == 2
    tx = [s for t, s in up if not t]
    assert any("FOREIGN KEY (user_id) REFERENCES public.users(id) NOT VALID"
               in s for s in tx)
    assert "ALTER TABLE public.tasks ALTER COLUMN n TYPE bigint" in tx
    # the new table keeps the plain forms
    assert "CREATE INDEX IF NOT EXISTS tags_name ON public.tags USING " \
        "btree (name)" in tx

    r = proj.run("upgrade")
    assert r.returncode == 0, r.stderr
    assert proj.sql("select count(*), count(distinct uid), min(prio), "
                    "max(prio) from tasks") == "5000|5000|0|4"
    assert proj.sql("select string_agg(conname || '=' || convalidated, ',' "
                    "order by conname) from pg_constraint where contype in "
                    "('c', 'f') and conrelid in ('tasks'::regclass, "
                    "'users'::regclass)") == \
        "tasks_score_check=true,tasks_user_id_fkey=true"
    assert proj.sql("select string_agg(attname, ',' order by attname) "
                    "from pg_attribute where attnotnull and attnum > 0 and "
                    "attrelid = 'tasks'::regclass") == "id,prio,uid"
    assert proj.sql("select count(*) from pg_index where not "
                    "indisvalid") == "0"
    r = proj.run("check")
    assert r.returncode == 0, r.stdout + r.stderr

    r = proj.run("downgrade")
    assert r.returncode == 0, r.stderr
    assert proj.sql("select count(*) from tasks") == "5000"
    assert proj.sql("select to_regclass('public.tasks_note') is not null, "
                    "to_regclass('public.tasks_title') is null") == "t|t"
    r = proj.run("upgrade")
    assert r.returncode == 0, r.stderr


def test_unsafe_writes_plain_forms(proj):
    proj.models(V1.replace("n int,", "n int, extra int,")
                + "create index tasks_title on tasks (title);")
    r = proj.run("revision", "-m", "plain", "--unsafe")
    assert r.returncode == 0, r.stderr
    text = proj.migration(2).read_text()
    assert "CONCURRENTLY" not in text and "+notransaction" not in text
    assert "Safe forms:" not in text


def test_invalid_index_rebuilt_on_rerun(proj):
    proj.sql("update tasks set title = 't1' where id = 2")
    proj.models(V1 + "create unique index tasks_title on tasks (title);")
    r = proj.run("revision", "-m", "unique title")
    assert r.returncode == 0, r.stderr
    r = proj.run("upgrade")
    assert r.returncode == 3
    assert "could not create unique index" in r.stderr
    assert proj.sql("select indisvalid from pg_index where indexrelid = "
                    "'tasks_title'::regclass") == "f"
    assert proj.sql("select count(*) from retort_version") == "1"
    proj.sql("update tasks set title = 't2' where id = 2")
    r = proj.run("upgrade")
    assert r.returncode == 0, r.stderr
    assert proj.sql("select indisvalid, indisunique from pg_index where "
                    "indexrelid = 'tasks_title'::regclass") == "t|t"
    assert proj.sql("select count(*) from retort_version") == "2"


def test_diff_plain_by_default_safe_on_request(tmp_path):
    a, b = tmp_path / "a.sql", tmp_path / "b.sql"
    a.write_text(V1)
    b.write_text(V1 + "create index tasks_title on tasks (title);")
    r = subprocess.run([RETORT, "diff", str(a), str(b)],
                       capture_output=True, text=True, env=clean_env())
    assert r.returncode == 0
    assert r.stdout == ("CREATE INDEX tasks_title ON public.tasks USING "
                        "btree (title);\n")
    r = subprocess.run([RETORT, "diff", "--safe", str(a), str(b)],
                       capture_output=True, text=True, env=clean_env())
    assert r.returncode == 0
    assert r.stdout == (
        "-- retort: outside a transaction\n"
        "DROP INDEX CONCURRENTLY IF EXISTS public.tasks_title;\n"
        "-- retort: outside a transaction\n"
        "CREATE INDEX CONCURRENTLY tasks_title ON public.tasks USING "
        "btree (title);\n")
    b.write_text(V1.replace("n int,", "n int, z int not null,"))
    r = subprocess.run([RETORT, "diff", "--safe", str(a), str(b)],
                       capture_output=True, text=True, env=clean_env())
    assert r.returncode == 1 and "refusing" in r.stderr
