# SPDX-License-Identifier: MIT
"""Issue 6 item 3: when the static SQLModel reader refuses (something only
running Python could tell) and a python3 on PATH imports sqlmodel, retort
reads the models through the import bridge and says so on stderr; with no
such python3, or for an error that is not a refusal, it stops with the
reader's error."""

import os
import shutil

from conftest import REPO, require

CASE = REPO / "tests" / "models" / "fallback_computed"
NOTE = ("retort: models.py:13: note: item.name: max_length is computed (a "
        "call to int()) and cannot be resolved statically; read by "
        "importing the models with python3 instead\n")
REFUSAL = ("retort: models.py:13: item.name: max_length is computed (a call "
           "to int()) and cannot be resolved statically\n")


def path_with_debian_python(tmp_path):
    """A PATH whose python3 is Debian's (the one with sqlmodel)."""
    require(os.access("/usr/bin/python3", os.X_OK), "/usr/bin/python3")
    d = tmp_path / "bin"
    d.mkdir()
    (d / "python3").symlink_to("/usr/bin/python3")
    return f"{d}:/bin"


def path_without_python(tmp_path):
    d = tmp_path / "nopy"
    d.mkdir()
    for tool in ("sh", "env"):
        src = shutil.which(tool)
        if src:
            (d / tool).symlink_to(src)
    return str(d)


def test_refusal_falls_back_to_the_bridge(retort, pg, tmp_path):
    db = "fallback_ref"
    pg.createdb(db, "CREATE TABLE item (id SERIAL NOT NULL, name "
                    "VARCHAR(80) NOT NULL, PRIMARY KEY (id));")
    env = dict(pg.env, PATH=path_with_debian_python(tmp_path))
    r = retort.run(["diff", pg.url(db), "models.py"], cwd=CASE, env=env)
    assert r.returncode == 0, r.stderr
    assert r.stderr == NOTE
    assert r.stdout == ""
    # the bridge runs the code: the environment decides the length
    env["ITEM_NAME_MAX"] = "90"
    r = retort.run(["diff", pg.url(db), "models.py"], cwd=CASE, env=env)
    assert r.returncode == 0, r.stderr
    assert "character varying(90)" in r.stdout
    pg.dropdb(db)


def test_no_python3_keeps_the_refusal(retort, tmp_path):
    env = dict(os.environ, PATH=path_without_python(tmp_path))
    r = retort.run(["inspect", "models.py"], cwd=CASE, env=env)
    assert r.returncode == 2
    assert r.stderr == REFUSAL
    assert r.stdout == ""


def test_an_error_is_not_a_refusal(retort, tmp_path):
    (tmp_path / "models.py").write_text(
        "from sqlmodel import SQLModel, Field\n"
        "class Note(SQLModel, table=True):\n"
        "    text: str\n")
    env = dict(os.environ, PATH=path_with_debian_python(tmp_path))
    r = retort.run(["inspect", "models.py"], cwd=tmp_path, env=env)
    assert r.returncode == 2
    assert r.stderr == ("retort: models.py:2: class Note: table 'note' "
                        "has no primary key\n")
