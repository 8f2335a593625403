# SPDX-License-Identifier: MIT
"""The live SQLite source (sqlite:///path.db): a hand-made file with every
feature the loader reads, compared with what sqlite3's own pragmas say;
the names it gives; views and triggers kept with their CREATE text; URL
rules; bad input (one line, exit 2 or 3, nothing created)."""

import json
import sqlite3

DDL = """
CREATE TABLE team (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    code varchar (8) NOT NULL CONSTRAINT team_code_once UNIQUE,
    name TEXT NOT NULL DEFAULT 'unnamed',
    score NUMERIC(10, 2) DEFAULT (0) CHECK (score >= 0),
    created DATETIME DEFAULT CURRENT_TIMESTAMP,
    half REAL GENERATED ALWAYS AS (score / 2) STORED,
    twice AS (score * 2),
    nick TEXT COLLATE NOCASE,
    UNIQUE (name, code),
    CONSTRAINT named_check CHECK (length(name) > 0),
    CHECK (score < 1000 AND half < 500)
);
CREATE TABLE player (
    team_id INTEGER NOT NULL REFERENCES team ON DELETE CASCADE,
    num INT NOT NULL,
    buddy_team INTEGER,
    buddy_num INT,
    captain_code VARCHAR(8) CONSTRAINT cap_fk REFERENCES team (code)
        ON UPDATE SET NULL DEFERRABLE INITIALLY DEFERRED,
    PRIMARY KEY (team_id, num),
    FOREIGN KEY (buddy_team, buddy_num) REFERENCES player (team_id, num)
        ON DELETE SET NULL
) WITHOUT ROWID;
CREATE INDEX ix_player_num ON player (num DESC);
CREATE UNIQUE INDEX ux_team_lower ON team (lower(name), code)
    WHERE nick IS NOT NULL;
CREATE VIEW team_names AS SELECT name FROM team;
CREATE TRIGGER team_touch AFTER UPDATE ON team BEGIN
    UPDATE team SET created = CURRENT_TIMESTAMP WHERE id = new.id;
END;
CREATE TABLE retort_version (version INTEGER);
"""


def make(path, ddl=DDL):
    con = sqlite3.connect(path)
    con.executescript(ddl)
    con.close()


def model(retort, url, cwd=None):
    r = retort.run(["inspect", "--json", url], cwd=cwd)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout), r.stderr


def norm_type(t):
    """rt_sqlite_type_norm's rule, in Python."""
    out, blank = "", False
    for ch in t.strip():
        if ch.isspace():
            blank = True
            continue
        if blank and out and ch not in "()," and out[-1] not in "(),":
            out += " "
        blank = False
        out += ch.upper()
    return out


def test_every_feature_against_sqlite3(tmp_path, retort):
    db = tmp_path / "hand.db"
    make(db)
    m, err = model(retort, f"sqlite:///{db}")
    con = sqlite3.connect(db)
    tables = {t["name"]: t for t in m["tables"]}
    # tables: sqlite_sequence (AUTOINCREMENT's) and the runner's tracking
    # table are not the schema's
    assert sorted(tables) == ["player", "team"]
    assert [n["name"] for n in m["namespaces"]] == ["main"]
    for name, t in tables.items():
        assert t["schema"] == "main"
        info = con.execute("SELECT name, type, \"notnull\", dflt_value, pk, "
                           "hidden FROM pragma_table_xinfo(?) ORDER BY cid",
                           (name,)).fetchall()
        cols = t["columns"]
        assert [c["name"] for c in cols] == [r[0] for r in info]
        for c, (cname, ctype, notnull, dflt, pk, hidden) in zip(cols, info):
            assert c["type"] == {"schema": "pg_catalog",
                                 "name": norm_type(ctype)}, cname
            assert c["not_null"] == bool(notnull), cname
            assert c["default"] == (dflt if hidden < 2 else None), cname
            assert (c["generated"] is not None) == (hidden >= 2), cname
        pk = [r[0] for r in sorted((r for r in info if r[4]),
                                   key=lambda r: r[4])]
        pks = [k for k in t["constraints"] if k["type"] == "primary_key"]
        assert [k["columns"] for k in pks] == [pk]
        # unique constraints: the autoindexes of origin 'u'
        uniq = sorted(
            [r[0] for r in con.execute(
                "SELECT name FROM pragma_index_xinfo(?) WHERE key "
                "ORDER BY seqno", (il[0],))]
            for il in con.execute("SELECT name FROM pragma_index_list(?) "
                                  "WHERE origin = 'u'", (name,)))
        assert sorted(k["columns"] for k in t["constraints"]
                      if k["type"] == "unique") == uniq
        fks = {}
        for fid, tbl, frm, to, upd, dele in con.execute(
                "SELECT id, \"table\", \"from\", \"to\", on_update, "
                "on_delete FROM pragma_foreign_key_list(?) ORDER BY id, seq",
                (name,)):
            f = fks.setdefault(fid, [tbl, [], [], upd, dele])
            f[1].append(frm)
            f[2].append(to)
        got = [k for k in t["constraints"] if k["type"] == "foreign_key"]
        assert len(got) == len(fks)
        for tbl, frm, to, upd, dele in fks.values():
            k = next(k for k in got if k["columns"] == frm)
            assert k["ref_table"] == {"schema": "main", "name": tbl}
            if to[0] is not None:
                assert k["ref_columns"] == to
            assert k["on_update"] == upd.lower()
            assert k["on_delete"] == dele.lower()
    # indexes: those sqlite_schema lists with a CREATE text, not the keys'
    idx = con.execute("SELECT name FROM sqlite_schema WHERE type = 'index' "
                      "AND sql IS NOT NULL ORDER BY name").fetchall()
    assert [i["name"] for i in m["indexes"]] == [r[0] for r in idx]
    for i in m["indexes"]:
        unique = con.execute("SELECT \"unique\" FROM pragma_index_list(?) "
                             "WHERE name = ?", (i["table"]["name"],
                                                i["name"])).fetchone()[0]
        assert i["unique"] == bool(unique)
    con.close()
    # what only the CREATE text says
    team, player = tables["team"], tables["player"]
    names = {k["name"]: k for t in tables.values() for k in t["constraints"]}
    assert sorted(names) == [
        "cap_fk", "named_check", "player_buddy_team_buddy_num_fkey",
        "player_pkey", "player_team_id_fkey", "team_check",
        "team_code_once", "team_name_code_key", "team_pkey",
        "team_score_check"]
    assert names["team_score_check"]["expr"] == "score >= 0"
    assert names["team_check"]["expr"] == "score < 1000 AND half < 500"
    assert names["named_check"]["expr"] == "length(name) > 0"
    assert names["cap_fk"]["deferrable"] is True
    assert names["cap_fk"]["initially_deferred"] is True
    assert names["player_team_id_fkey"]["ref_columns"] == ["id"]
    assert names["player_team_id_fkey"]["deferrable"] is False
    cols = {c["name"]: c for c in team["columns"]}
    assert cols["half"]["generated"] == "score / 2"
    assert cols["twice"]["generated"] == "score * 2"
    assert cols["nick"]["collation"] == {"schema": "pg_catalog",
                                         "name": "NOCASE"}
    assert team["options"] == ["autoincrement"]
    assert player["options"] == ["without_rowid"]
    ux = next(i for i in m["indexes"] if i["name"] == "ux_team_lower")
    assert ux["definition"] == ("CREATE UNIQUE INDEX ux_team_lower ON team "
                                "(lower(name), code) WHERE nick IS NOT NULL")
    # views and triggers: unmanaged, with their CREATE text
    un = {u["what"]: u for u in m["unmanaged"]}
    assert sorted(un) == ["trigger main.team_touch", "view main.team_names"]
    assert un["view main.team_names"]["sql"] == (
        "CREATE VIEW team_names AS SELECT name FROM team")
    assert un["trigger main.team_touch"]["sql"].startswith(
        "CREATE TRIGGER team_touch AFTER UPDATE ON team BEGIN")
    assert "unmanaged: trigger main.team_touch" in err


def test_same_file_same_bytes_and_no_difference(tmp_path, retort):
    db = tmp_path / "hand.db"
    make(db)
    url = f"sqlite:///{db}"
    one = retort.run(["inspect", "--json", url])
    two = retort.run(["inspect", "--json", url])
    assert one.returncode == 0 and one.stdout == two.stdout
    r = retort.run(["diff", url, url])
    assert r.returncode == 0 and r.stdout == ""
    # the JSON reads back as the same model, CREATE texts included
    j = tmp_path / "hand.json"
    j.write_text(one.stdout)
    back = retort.run(["inspect", "--json", j])
    assert back.returncode == 0, back.stderr
    a, b = json.loads(one.stdout), json.loads(back.stdout)
    a.pop("source"), b.pop("source")
    assert a["unmanaged"] == b["unmanaged"]


def test_a_change_is_seen(tmp_path, retort):
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    make(a, "CREATE TABLE t (id INTEGER PRIMARY KEY, x TEXT)")
    make(b, "CREATE TABLE t (id INTEGER PRIMARY KEY, x TEXT NOT NULL, "
            "y INT DEFAULT 3); CREATE INDEX ix_t_y ON t (y)")
    r = retort.run(["diff", f"sqlite:///{a}", f"sqlite:///{b}"])
    assert r.returncode == 0, r.stderr
    assert "ix_t_y" in r.stdout and "y" in r.stdout and "NOT NULL" in r.stdout


def test_relative_and_absolute_paths(tmp_path, retort):
    """SQLAlchemy's rule: three slashes and a relative path, four and an
    absolute one."""
    make(tmp_path / "rel.db", "CREATE TABLE t (a INT)")
    m, _ = model(retort, "sqlite:///rel.db", cwd=tmp_path)
    assert [t["name"] for t in m["tables"]] == ["t"]
    assert m["source"] == "sqlite:///rel.db"
    m, _ = model(retort, f"sqlite:///{tmp_path / 'rel.db'}", cwd="/")
    assert [t["name"] for t in m["tables"]] == ["t"]


def test_bad_input(tmp_path, retort):
    cases = [
        ("sqlite://", 2, "retort: invalid SQLite URL 'sqlite://': no path "
                         "(expected sqlite:///PATH)\n"),
        ("sqlite:///", 2, "retort: invalid SQLite URL 'sqlite:///': no "
                          "database file (expected sqlite:///PATH)\n"),
        ("sqlite://host/x.db", 2, "retort: invalid SQLite URL "
                                  "'sqlite://host/x.db': expected "
                                  "sqlite:///PATH (three slashes)\n"),
        ("sqlite:///missing.db", 3, "retort: cannot open 'missing.db': No "
                                    "such file or directory\n"),
        ("sqlite:///.", 3, "retort: cannot open '.': Is a directory\n"),
    ]
    (tmp_path / "text.db").write_text("not a database, only some text\n")
    cases.append(("sqlite:///text.db", 3,
                  "retort: cannot read 'text.db': file is not a database\n"))
    for url, code, err in cases:
        r = retort.run(["inspect", url], cwd=tmp_path)
        assert (r.returncode, r.stdout, r.stderr) == (code, "", err), url
    assert not (tmp_path / "missing.db").exists()
