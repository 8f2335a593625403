# SPDX-License-Identifier: MIT
"""Builds the reference database of a model case the way an application
does: imports the models with the installed SQLModel (Debian's 0.0.8 under
/usr/bin/python3) and runs SQLModel.metadata.create_all on it.

usage: create_all.py URL SOURCE [--schema S]... [--ddl]

Run with the case directory as the current directory (imports resolve from
there). SOURCE is what retort is given: a file (models.py, app/models.py:
imported as the module its path names), a package directory (app/models:
the package and every module under it) or a dotted module (app.models).
--schema S creates schema S first (create_all does not). --ddl prints the
DDL create_all emits (compiled on a mock engine, nothing is executed) and
does not connect. URL postgres://... is given to SQLAlchemy as
postgresql+psycopg2://...; with a sqlite:///PATH URL the SQLite DDL follows
current SQLAlchemy's rule for server defaults (see current_sqlite_defaults).
"""

import importlib
import os
import sys


def module_of_path(path):
    rel = os.path.normpath(path)
    if rel.endswith(".py"):
        rel = rel[:-3]
    parts = rel.split(os.sep)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def import_source(source):
    sys.path.insert(0, os.getcwd())
    if source.endswith(".py"):
        importlib.import_module(module_of_path(source))
    elif os.path.isdir(source):
        names = []
        for root, dirs, files in os.walk(source):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for f in sorted(files):
                if f.endswith(".py"):
                    names.append(module_of_path(os.path.join(root, f)))
        for name in names:
            importlib.import_module(name)
    else:
        importlib.import_module(source)


def current_sqlite_defaults():
    """SQLAlchemy >= 2.0.40 writes a SQLite server default that neither
    starts with a quote or a parenthesis nor is one word in parentheses:
    DEFAULT (now()) (sqlmodel-mapping.md section 3.6 and section 5;
    SQLAlchemy rel_2_0_52 dialects/sqlite/base.py l.1698-1712). Debian's
    1.4 writes DEFAULT now(), which SQLite rejects, so create_all fails
    there: where 0.0.8 differs from current, current wins."""
    import re
    from sqlalchemy.dialects.sqlite.base import SQLiteDDLCompiler
    from sqlalchemy.sql.elements import ColumnElement
    orig = SQLiteDDLCompiler.get_column_default_string

    def patched(self, column):
        d = orig(self, column)
        if d is None or isinstance(column.server_default.arg, ColumnElement):
            return d  # 1.4 puts these in parentheses itself
        if not re.match(r"""^\s*['"(]""", d) and re.match(r".*\W.*", d):
            return "(" + d + ")"
        return d
    SQLiteDDLCompiler.get_column_default_string = patched


def main(argv):
    args, schemas, ddl = [], [], False
    it = iter(argv)
    for a in it:
        if a == "--schema":
            schemas.append(next(it))
        elif a == "--ddl":
            ddl = True
        else:
            args.append(a)
    url, source = args
    import_source(source)
    from sqlalchemy import create_engine, text
    from sqlmodel import SQLModel
    if ddl:
        from sqlalchemy import create_mock_engine

        def dump(sql, *multiparams, **params):
            print(str(sql.compile(dialect=engine.dialect)).strip() + ";")
        engine = create_mock_engine("postgresql+psycopg2://", dump)
        SQLModel.metadata.create_all(engine, checkfirst=False)
        return 0
    if url.startswith("postgres://"):
        url = "postgresql+psycopg2://" + url[len("postgres://"):]
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg2://" + url[len("postgresql://"):]
    if url.startswith("sqlite:"):
        current_sqlite_defaults()
    engine = create_engine(url)
    with engine.begin() as conn:
        for s in schemas:
            conn.execute(text(f'CREATE SCHEMA "{s}"'))
    SQLModel.metadata.create_all(engine)
    engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
