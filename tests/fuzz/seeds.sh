#!/bin/sh
# SPDX-License-Identifier: MIT
# Fills directory $1 with the SQL fuzzer's seeds: every .sql file of the
# project, and each case's two sides joined by a "----" line (the
# fuzzer's separator between the two sources of a diff); directory $2
# with the SQLModel reader's: every .py file of the model cases; $3 with
# the migration-file parser's: the example migrations and one shape of
# each marker; $4 with the TOML reader's: the test pyproject.toml files
# and a shape of each construct.
set -eu
out=$1
pyout=${2:-}
migout=${3:-}
tomlout=${4:-}
mkdir -p "$out"
n=0
for f in tests/cases/*/*.sql tests/data/*/*.sql examples/*/*.sql; do
	[ -f "$f" ] || continue
	n=$((n + 1))
	cp "$f" "$out/file-$n.sql"
done
for d in tests/cases/*/ tests/data/*/ examples/*/; do
	for pair in "a.sql b.sql" "from.sql to.sql" "schema_v1.sql schema_v2.sql"; do
		set -- $pair
		[ -f "$d$1" ] && [ -f "$d$2" ] || continue
		n=$((n + 1))
		{ cat "$d$1"; printf '\n----\n'; cat "$d$2"; } >"$out/pair-$n.sql"
	done
done
# the shapes of input that once crashed or hung the loader (issue 5)
printf '\357\273\277create table a (x int);\n' >"$out/bom.sql"
printf 'create table a (x int default (select (select 1 + 1 + 1)));\n' \
	>"$out/nest.sql"
printf 'create table a (x int);\ncreate table b () inherits (a);\n%s\n' \
	'alter table b no inherit a; alter table a inherit b; drop table a;' \
	>"$out/inherit.sql"
printf '%s\n%s\n%s\n' 'create table p (x int) partition by list (x);' \
	'create table q (x int) partition by list (x);' \
	'alter table p attach partition q for values in (1);' >"$out/attach.sql"
printf '%s\n%s\n' "select E'a\\';' || \$t\$;\$t\$;" \
	'create function f() returns int language sql begin atomic select 1; end;' \
	>"$out/quotes.sql"
echo "fuzz seeds: $n files and 5 shapes in $out"
[ -n "$pyout" ] || exit 0
mkdir -p "$pyout"
n=0
for f in $(find tests/models tests/data -name '*.py' 2>/dev/null | sort); do
	n=$((n + 1))
	cp "$f" "$pyout/model-$n.py"
done
cat >"$pyout/shapes.py" <<'PY'
import enum, datetime
from typing import Optional, Annotated
from sqlmodel import Field, SQLModel, Column, Relationship
import sqlalchemy as sa
SQLModel.metadata.naming_convention = {"pk": "pk_%(table_name)s"}
class K(str, enum.Enum):
    A = "a"
class T(SQLModel, table=True):
    __table_args__ = (sa.Index(None, "n", sa.text("lower(n)"),
        postgresql_where=sa.text("n > ''")), {"schema": "s"})
    id: Optional[int] = Field(default=None, primary_key=True)
    n: Annotated[str, Field(max_length=9)] = Field(index=True)
    k: K | None = None
    j: dict = Field(sa_column=Column(sa.JSON, server_default=sa.text("'{}'")))
    r: Optional["T"] = Relationship()
    @property
    def x(self) -> str:
        return f"{self.n!r:>{9}}" + '''
''' + r"\d" + b"\x00".decode()
PY
echo "fuzz seeds: $n model files and 1 shape in $pyout"
if [ -n "$migout" ]; then
	mkdir -p "$migout"
	n=0
	for f in tests/data/migdir/*.sql; do
		n=$((n + 1))
		cp "$f" "$migout/mig-$n.sql"
	done
	cat >"$migout/shapes.sql" <<'SQL'
-- header
--
-- +up notransaction
-- +notransaction
create index concurrently i on t (x);
select E'a\';' || $t$;$t$; select (1;
2);
-- +down
drop index i;;
-- +validate
-- +expect value integer
select 1;
-- +expect 2 rows
select 1 union select 2
-- +expect true
select true
SQL
	echo "fuzz seeds: $n migration files and 1 shape in $migout"
fi
if [ -n "$tomlout" ]; then
	mkdir -p "$tomlout"
	n=0
	for f in tests/data/pyproject/*/pyproject.toml; do
		n=$((n + 1))
		cp "$f" "$tomlout/pyproject-$n.toml"
	done
	cat >"$tomlout/shapes.toml" <<'TOML'
# every construct once
a = "b\t\u00e9\U0001F600"
'c.d' = 'lit'
e = """
ml \
  joined"""
f = '''
raw'''
g = [1, 0x1f, 0o7, 0b1, 1_000, -2, +3.5e-1, inf, -nan, true, false]
h = [[1, 2], ["x", {y = 1, z.w = [2]}],]
i = 1979-05-27T07:32:00.5-07:00
j = { k = 1979-05-27, l = 07:32:00, m = 1979-05-27 07:32:00 }
[tool.retort]
models = "app/models.py"
schemas = ["public"]
strict = true
[[x.y]]
[x.y.z]
[[x.y]]
TOML
	echo "fuzz seeds: $n pyproject files and 1 shape in $tomlout"
fi
