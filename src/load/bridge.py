# SPDX-License-Identifier: MIT
# retort's import bridge. Compiled into retort (the Makefile turns this file
# into a C string) and run as `python -B -c PROGRAM SOURCE` from the
# project's root. It imports SOURCE (a .py file, a directory of modules or
# a package, or a dotted module name), then prints on stdout, as retort's
# JSON model (what `retort inspect --json` writes), what
# SQLModel.metadata.create_all() creates on PostgreSQL: tables, columns
# with their types as PostgreSQL's format_type spells them (retort makes
# SQL spellings canonical), SERIAL columns (retort adds their sequences),
# server defaults, computed and identity columns, constraints (unnamed
# ones are left for retort to name as PostgreSQL would), indexes as
# pg_get_indexdef prints them, enum types, comments and the schemas the
# tables live in. Errors go to stderr as one line starting
# "retort-bridge: ", with FILE:LINE when the user's code raised them.
import hashlib
import importlib
import json
import os
import pkgutil
import sys
import traceback

TAG = "retort-bridge: "
CWD = os.getcwd()
MAXLEN = 63  # PostgreSQL's identifier length (NAMEDATALEN - 1)


def fail(msg):
    sys.stderr.write(TAG + " ".join(str(msg).split("\n")) + "\n")
    sys.exit(3)


def shown(path):
    """path relative to the project root when it is inside it"""
    ap = os.path.abspath(path)
    if ap.startswith(CWD + os.sep):
        return ap[len(CWD) + 1:]
    return path


LIB_DIRS = tuple(
    d for d in {os.path.dirname(os.__file__)} | {
        p for p in sys.path if p.endswith(("site-packages", "dist-packages"))
    } if d)


def is_library(filename):
    return (filename.startswith("<") or "site-packages" in filename or
            "dist-packages" in filename or filename.startswith(LIB_DIRS))


def user_error(exc):
    """The exception's last line, at the innermost frame of the user's
    code (not the bridge's, not a library's)."""
    if isinstance(exc, SyntaxError) and exc.filename:
        fail("%s:%s: %s: %s" % (shown(exc.filename), exc.lineno or 0,
                                type(exc).__name__, exc.msg))
    tb = traceback.extract_tb(exc.__traceback__)
    mine = [f for f in tb if not is_library(f.filename)]
    last = traceback.format_exception_only(type(exc), exc)[-1].strip()
    if mine:
        fail("%s:%s: %s" % (shown(mine[-1].filename), mine[-1].lineno, last))
    fail(last)


# ---- importing the models ----------------------------------------------

def dotted(path):
    """The module name of a file or directory under the project root
    (found from sys.path[0]), or None."""
    ap = os.path.abspath(path)
    if not ap.startswith(CWD + os.sep):
        return None
    rel = ap[len(CWD) + 1:]
    if rel.endswith(".py"):
        rel = rel[:-3]
    parts = rel.split(os.sep)
    if parts and parts[-1] == "__init__":
        parts.pop()
    if not parts or not all(p.isidentifier() for p in parts):
        return None
    return ".".join(parts)


def package_root(path):
    """For a file or directory outside the project root: the directory
    to put on sys.path and the module name (packages walked up)."""
    ap = os.path.abspath(path)
    if ap.endswith(".py"):
        parts = [os.path.basename(ap)[:-3]]
    else:
        parts = [os.path.basename(ap)]
    d = os.path.dirname(ap)
    while os.path.exists(os.path.join(d, "__init__.py")):
        parts.insert(0, os.path.basename(d))
        d = os.path.dirname(d)
    if parts[-1] == "__init__":
        parts.pop()
    return d, ".".join(parts)


def import_all(name, imported):
    mod = importlib.import_module(name)
    imported.append(mod)
    path = getattr(mod, "__path__", None)
    if path is None:
        return

    def onerror(n):
        raise  # the exception walk_packages caught

    for info in sorted(pkgutil.walk_packages(path, name + ".", onerror),
                       key=lambda i: i.name):
        imported.append(importlib.import_module(info.name))


def import_source(src):
    sys.path.insert(0, CWD)
    imported = []
    if src.endswith(".py") or os.path.isdir(src):
        if not os.path.exists(src):
            fail("%s: no such file or directory" % src)
        name = dotted(src)
        if name is None:
            root, name = package_root(src)
            sys.path.insert(0, root)
        import_all(name, imported)
    else:
        import_all(src, imported)
    return imported


# ---- names ---------------------------------------------------------------

def pg_name(*parts):
    """makeObjectName of PostgreSQL: name1_name2_label within 63 bytes,
    the longer of name1 and name2 cut first."""
    name1, name2, label = parts
    b1, b2 = name1.encode(), (name2 or "").encode()
    overhead = len(label) + 1 + (1 if name2 else 0)
    avail = MAXLEN - overhead
    n1, n2 = len(b1), len(b2)
    while n1 + n2 > avail:
        if n1 > n2:
            n1 -= 1
        else:
            n2 -= 1
    s1 = b1[:n1].decode("utf-8", "ignore")
    s2 = b2[:n2].decode("utf-8", "ignore")
    return s1 + ("_" + s2 if name2 else "") + "_" + label


def pg_ident(name):
    """name as PostgreSQL keeps it: cut to 63 bytes (truncate_identifier,
    on a character boundary)"""
    b = name.encode()
    if len(b) <= MAXLEN:
        return name
    return b[:MAXLEN].decode("utf-8", "ignore")


# ---- the model -----------------------------------------------------------

def main():
    if len(sys.argv) != 2:
        fail("usage: bridge SOURCE")
    try:
        import sqlalchemy as sa
        from sqlalchemy.dialects import postgresql
        from sqlalchemy.sql import sqltypes
        from sqlalchemy.schema import CreateColumn, CreateIndex
        import sqlmodel
    except Exception as exc:  # noqa: BLE001 - any failure is the answer
        fail("%s cannot import sqlmodel: %s" % (
            sys.executable, traceback.format_exception_only(
                type(exc), exc)[-1].strip()))
    try:
        imported = import_source(sys.argv[1])
    except SystemExit:
        raise
    except BaseException as exc:  # noqa: BLE001 - the user's error
        user_error(exc)

    dialect = postgresql.dialect()
    # what a connection would set (initialize()): PostgreSQL's limit,
    # which shortens long generated names
    dialect.max_identifier_length = MAXLEN
    prep = dialect.identifier_preparer

    # every MetaData: SQLModel's, and any the modules hold (a plain
    # SQLAlchemy declarative base, a MetaData())
    metas = [sqlmodel.SQLModel.metadata]
    for mod in imported:
        for v in list(vars(mod).values()):
            md = v if isinstance(v, sa.MetaData) else getattr(
                v, "metadata", None) if isinstance(v, type) else None
            if isinstance(md, sa.MetaData) and all(md is not m
                                                   for m in metas):
                metas.append(md)
    tables, seen = [], {}
    for md in metas:
        for t in md.tables.values():
            key = (t.schema or "public", t.name)
            if key in seen and seen[key] is not t:
                fail("two tables named %s.%s" % key)
            if key not in seen:
                seen[key] = t
                tables.append(t)

    def schema_of(t):
        return t.schema or "public"

    enums = {}

    def impl_of(ty):
        impl = ty.dialect_impl(dialect)
        if isinstance(impl, sqltypes.TypeDecorator):
            impl = impl.impl
        return impl

    def enum_name(ty, t):
        sch = ty.schema or (t.schema if getattr(
            ty, "inherit_schema", False) else None) or "public"
        key = (sch, ty.name)
        # two Enum classes of one name make one type: the first one's
        # labels (create_all creates it once)
        if key not in enums:
            enums[key] = list(ty.enums)
        return key

    def col_type(c, t):
        ty = c.type
        impl = impl_of(ty)
        dims = ""
        while isinstance(impl, sqltypes.ARRAY):
            dims += "[]" * (impl.dimensions or 1)
            impl = impl_of(impl.item_type)
        if isinstance(impl, sqltypes.Enum) and impl.native_enum:
            sch, name = enum_name(impl, t)
            return {"schema": sch, "name": name + dims}
        text = dialect.type_compiler.process(ty)
        return {"schema": "pg_catalog", "name": text.lower()}

    def column_json(c, t):
        spec = str(CreateColumn(c).compile(dialect=dialect)).strip()
        after = spec[len(prep.format_column(c)):].lstrip()
        typ = col_type(c, t)
        for serial in ("SMALLSERIAL", "BIGSERIAL", "SERIAL"):
            if after.startswith(serial + " ") or after == serial:
                typ = {"schema": "pg_catalog", "name": serial.lower()}
                break
        default = None
        if c.server_default is not None and c.computed is None and \
                c.identity is None:
            ddl = dialect.ddl_compiler(dialect, None)
            default = ddl.get_column_default_string(c)
        generated = None
        if c.computed is not None:
            generated = str(c.computed.sqltext.compile(
                dialect=dialect, compile_kwargs={"literal_binds": True}))
        out = {
            "name": pg_ident(c.name), "type": typ, "collation": None,
            "not_null": not c.nullable or c.primary_key,
            "default": default, "generated": generated,
            "identity": None, "is_local": True, "inhcount": 0,
            "grants": [], "comment": c.comment, "storage": None,
            "statistics": None, "compression": None,
        }
        ident = c.identity
        if ident is not None:
            out["identity"] = "always" if ident.always else "by default"
            out["not_null"] = True
            opts = {k: getattr(ident, k, None) for k in (
                "start", "increment", "minvalue", "maxvalue", "cache",
                "cycle")}
            if any(v is not None for v in opts.values()):
                out["identity_sequence"] = {
                    "schema": schema_of(t),
                    "name": pg_name(t.name, c.name, "seq")}
                base = typ["name"]
                lo, hi = {"smallint": (-32768, 32767),
                          "bigint": (-2**63, 2**63 - 1)}.get(
                              base, (-2**31, 2**31 - 1))
                inc = opts["increment"] or 1
                mn = opts["minvalue"] if opts["minvalue"] is not None \
                    else (1 if inc > 0 else lo)
                mx = opts["maxvalue"] if opts["maxvalue"] is not None \
                    else (hi if inc > 0 else -1)
                st = opts["start"] if opts["start"] is not None \
                    else (mn if inc > 0 else mx)
                out.update({
                    "identity_start": st, "identity_increment": inc,
                    "identity_min": mn, "identity_max": mx,
                    "identity_cache": opts["cache"] or 1,
                    "identity_cycle": bool(opts["cycle"])})
        return out

    def rendered(quoted):
        """a name as the compiler renders it (naming convention applied,
        shortened to 63 bytes, quoted where needed), unquoted"""
        if quoted is None:
            return None
        q = str(quoted)
        if len(q) >= 2 and q[0] == '"' and q[-1] == '"':
            return q[1:-1].replace('""', '"')
        return q

    def sql(clause, t):
        """a constraint's or index's expression as SQL text"""
        return str(clause.compile(dialect=dialect,
                                  compile_kwargs={"literal_binds": True}))

    def constraint_json(k, t):
        base = {"name": None if k.name is None else
                rendered(prep.format_constraint(k)),
                "columns": [], "deferrable": bool(k.deferrable),
                "initially_deferred":
                    (k.initially or "").upper() == "DEFERRED",
                "not_valid": False, "is_local": True, "comment": None}
        if isinstance(k, sa.PrimaryKeyConstraint):
            base.update(type="primary_key",
                        columns=[pg_ident(c.name) for c in k.columns],
                        include=[],
                        index_options=[])
        elif isinstance(k, sa.UniqueConstraint):
            base.update(type="unique",
                        columns=[pg_ident(c.name) for c in k.columns],
                        include=[], nulls_not_distinct=False,
                        index_options=[])
        elif isinstance(k, sa.ForeignKeyConstraint):
            words = {None: "no action", "NO ACTION": "no action",
                     "RESTRICT": "restrict", "CASCADE": "cascade",
                     "SET NULL": "set null", "SET DEFAULT": "set default"}
            ref = k.elements[0].column.table
            base.update(
                type="foreign_key",
                columns=[pg_ident(e.parent.name) for e in k.elements],
                ref_table={"schema": schema_of(ref), "name": ref.name},
                ref_columns=[pg_ident(e.column.name) for e in k.elements],
                on_update=words[(k.onupdate or "").upper() or None],
                on_delete=words[(k.ondelete or "").upper() or None],
                match="full" if (k.match or "").upper() == "FULL"
                else "simple",
                on_delete_columns=[])
        elif isinstance(k, sa.CheckConstraint):
            base.update(type="check", expr=sql(k.sqltext, t),
                        no_inherit=False)
        else:
            return None
        return base

    def index_json(ix, t):
        text = str(CreateIndex(ix).compile(dialect=dialect))
        for c in t.columns:  # the names PostgreSQL keeps
            if pg_ident(c.name) != c.name:
                text = text.replace(prep.format_column(c),
                                    prep.quote(pg_ident(c.name)))
        ddl = dialect.ddl_compiler(dialect, None)
        name = rendered(ddl._prepared_index_name(ix, include_schema=False))
        return {"schema": schema_of(t), "name": name,
                "table": {"schema": schema_of(t), "name": t.name},
                "unique": bool(ix.unique), "definition": text,
                "comment": None}

    out_tables, out_indexes = [], []
    for t in tables:
        if len(t.name) > MAXLEN:  # as create_all refuses it
            fail("Identifier '%s' exceeds maximum length of %d characters"
                 % (t.name, MAXLEN))
        cols = [column_json(c, t) for c in t.columns]
        cons = []
        # PRIMARY KEY first, then the others in creation order, as
        # CREATE TABLE lists them (PostgreSQL names them in that order)
        ks = [t.primary_key] if t.primary_key.columns else []
        ks += [k for k in t._sorted_constraints
               if k is not t.primary_key]
        for c in t.columns:  # inline CHECKs of sa_column_args
            for k in c.constraints:
                if isinstance(k, sa.CheckConstraint) and \
                        all(k is not x for x in ks):
                    ks.append(k)
        for k in ks:
            j = constraint_json(k, t)
            if j is not None:
                cons.append(j)
        # index=True with unique=True is a unique index, not a key
        out_tables.append({
            "schema": schema_of(t), "name": t.name, "kind": "table",
            "unlogged": False, "columns": cols, "constraints": cons,
            "inherits": [], "partition_key": None, "partition_of": None,
            "partition_bound": None, "rls": False, "force_rls": False,
            "grants": [], "comment": t.comment, "options": [],
            "replica_identity": "d", "replica_index": None,
            "cluster_on": None})
        for ix in sorted(t.indexes, key=lambda i: str(i.name)):
            out_indexes.append(index_json(ix, t))

    spaces = {"public"} | {schema_of(t) for t in tables} | {
        s for s, _ in enums}
    namespaces = []
    for s in sorted(spaces):
        if s == "public":
            namespaces.append({
                "name": "public",
                "grants": [{"grantee": "PUBLIC", "privilege": "USAGE",
                            "grantable": False}],
                "comment": "standard public schema"})
        else:
            namespaces.append({"name": s, "grants": [], "comment": None})
    doc = {
        "source": sys.argv[1],
        "namespaces": namespaces, "extensions": [], "collations": [],
        "enums": [{"schema": s, "name": n, "labels": labels,
                   "grants": [{"grantee": "PUBLIC", "privilege": "USAGE",
                               "grantable": False}],
                   "comment": None}
                  for (s, n), labels in sorted(enums.items())],
        "sequences": [], "tables": out_tables, "indexes": out_indexes,
        "functions": [], "domains": [], "composite_types": [],
        "range_types": [], "views": [], "triggers": [], "policies": [],
        "rules": [], "unmanaged": [],
    }
    json.dump(doc, sys.stdout, indent=1)
    sys.stdout.write("\n")


try:
    main()
except SystemExit:
    raise
except BaseException as exc:  # noqa: BLE001 - reported, not a traceback
    user_error(exc)
