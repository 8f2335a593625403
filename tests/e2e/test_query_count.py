# SPDX-License-Identifier: MIT
"""Loading a live database takes a fixed number of statements whatever the
number of tables: counted on the server (log_statement = all: every
statement of both of the load's connections; pg_stat_statements would miss
the last query of each, which the server never finishes, the transactions
ending when the connections close) for a 10-table and a 300-table
database, the counts must be the same, and at most 15."""

import json
import os
import re

from conftest import require


def schema_sql(ntables):
    """ntables tables with columns, PKs, FKs, unique and check constraints,
    indexes, an enum, a sequence and comments."""
    out = [
        "CREATE TYPE mood AS ENUM ('calm', 'busy', 'gone');",
        "CREATE SEQUENCE ticket_seq START 1000 INCREMENT 5;",
        "COMMENT ON TYPE mood IS 'how a row feels';",
    ]
    for i in range(ntables):
        fk = (f"parent_id integer REFERENCES t{i - 1} (id) "
              "ON DELETE SET NULL," if i else "parent_id integer,")
        out.append(f"""
CREATE TABLE t{i} (
    id serial PRIMARY KEY,
    name varchar(80) NOT NULL UNIQUE,
    {fk}
    mood mood NOT NULL DEFAULT 'calm',
    amount numeric(10,2) CHECK (amount >= 0),
    ticket bigint DEFAULT nextval('ticket_seq'),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX t{i}_parent_idx ON t{i} (parent_id);
CREATE INDEX t{i}_lower_name_idx ON t{i} (lower(name)) WHERE amount > 0;
COMMENT ON TABLE t{i} IS 'table number {i}';
COMMENT ON COLUMN t{i}.name IS 'a name';""")
    return "\n".join(out) + "\n"


# a statement the server logs: simple protocol, or a pipeline's execute
LOGGED = re.compile(r"LOG:  (statement|execute [^:]*): ")


def count_statements(pg, retort, dbname):
    """Statements the server logged for dbname during one inspect."""
    log = os.path.join(pg.dir, "log")
    pg.psql("postgres", f"ALTER DATABASE {dbname} SET log_statement = 'all'")
    start = os.path.getsize(log)
    r = retort.run(["inspect", "--json", pg.url(dbname)])
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    # the backends log before they answer, and retort has exited
    with open(log, encoding="utf-8", errors="replace") as f:
        f.seek(start)
        n = sum(1 for line in f if LOGGED.search(line))
    pg.psql("postgres", f"ALTER DATABASE {dbname} RESET log_statement")
    return n, doc


def test_statement_count_does_not_grow_with_tables(pg, retort, capsys):
    pg.createdb("qc_10", schema_sql(10))
    pg.createdb("qc_300", schema_sql(300))
    n10, doc10 = count_statements(pg, retort, "qc_10")
    n300, doc300 = count_statements(pg, retort, "qc_300")
    with capsys.disabled():
        print(f"\nstatements sent: 10 tables: {n10}, 300 tables: {n300}")
    assert len(doc10["tables"]) == 10
    assert len(doc300["tables"]) == 300
    assert len(doc300["indexes"]) == 600
    assert n10 > 0
    assert n10 == n300
    # BEGIN, one query per object kind, COMMIT: a small fixed batch
    assert n300 <= 15
    pg.dropdb("qc_10")
    pg.dropdb("qc_300")


def jit_functions(pg, dbname):
    """Functions JIT-compiled for dbname's statements since the last
    pg_stat_statements reset."""
    return int(pg.psql("postgres", f"""
        SELECT coalesce(sum(s.jit_functions), 0)
        FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
        WHERE d.datname = '{dbname}'""").strip())


def test_load_compiles_nothing_with_jit(pg, retort):
    """A server that JIT-compiles every query (jit_above_cost 0) still
    runs the load's queries interpreted: compiling them costs more than
    running them once (320 ms of a 1,000-table load)."""
    pg.createdb("qc_jit", schema_sql(3))
    pg.psql("postgres", "ALTER DATABASE qc_jit SET jit_above_cost = 0")
    try:
        require(pg.psql("qc_jit", "SELECT pg_jit_available()").strip()
                == "t", "a PostgreSQL 15 server with JIT (llvmjit)")
        # the setting compiles an ordinary query here
        pg.psql("postgres", "SELECT pg_stat_statements_reset()")
        pg.psql("qc_jit", "SELECT count(*) FROM pg_class WHERE relpages >= 0")
        assert jit_functions(pg, "qc_jit") > 0
        pg.psql("postgres", "SELECT pg_stat_statements_reset()")
        r = retort.run(["inspect", "--json", pg.url("qc_jit")])
        assert r.returncode == 0, r.stderr
        assert len(json.loads(r.stdout)["tables"]) == 3
        assert jit_functions(pg, "qc_jit") == 0
    finally:
        pg.dropdb("qc_jit")
