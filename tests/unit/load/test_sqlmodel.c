/* SPDX-License-Identifier: MIT */
/* The static SQLModel reader: mapping rules of current SQLModel, packages,
 * naming conventions, refusals and errors with their places. */
#include "base/common.h"
#include "load/load.h"
#include "schema/canon.h"
#include "schema/schema.h"

#include <criterion/criterion.h>
#include <sys/stat.h>
#include <unistd.h>

static rt_arena *arena;
static rt_error err;
static char dir[64];

static void setup(void)
{
	arena = rt_arena_new();
	rt_error_clear(&err);
	snprintf(dir, sizeof(dir), "/tmp/rt_sqlmodel_XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	cr_assert_eq(chdir(dir), 0);
}

static void teardown(void)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	cr_expect_eq(system(cmd), 0);
	rt_arena_free(arena);
	rt_load_shutdown();
}

TestSuite(load_sqlmodel, .init = setup, .fini = teardown);

static void put(const char *path, const char *text)
{
	char *slash = strrchr(path, '/');
	if (slash) {
		char d[256];
		snprintf(d, sizeof(d), "%.*s", (int)(slash - path), path);
		char cmd[300];
		snprintf(cmd, sizeof(cmd), "mkdir -p '%s'", d);
		cr_assert_eq(system(cmd), 0);
	}
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs(text, f);
	fclose(f);
}

#define HEAD                                                                   \
	"import enum, datetime, uuid\n"                                        \
	"from decimal import Decimal\n"                                        \
	"from typing import Optional\n"                                        \
	"from sqlmodel import Field, SQLModel, Relationship, Column\n"         \
	"import sqlalchemy as sa\n"

static rt_schema *load(const char *source)
{
	rt_schema *s = NULL;
	bool refused;
	int rc =
	    rt_load_sqlmodel(&s, arena, source, RT_DIALECT_PG, &refused, &err);
	cr_assert_eq(rc, 0, "load failed: %s:%d: %s", err.file, err.line,
		     err.msg);
	return s;
}

static rt_error *load_err(const char *source, bool refusal)
{
	rt_schema *s = NULL;
	bool refused;
	cr_assert_eq(
	    rt_load_sqlmodel(&s, arena, source, RT_DIALECT_PG, &refused, &err),
	    -1);
	cr_expect_eq(err.code, RT_EINPUT);
	cr_expect_eq(refused, refusal, "%s", err.msg);
	return &err;
}

static rt_table *table(rt_schema *s, const char *schema, const char *name)
{
	rt_table *t = rt_schema_find_table(s, schema, name);
	cr_assert_not_null(t, "no table %s.%s", schema, name);
	return t;
}

static rt_column *column(rt_table *t, const char *name)
{
	rt_column *c = rt_table_find_column(t, name);
	cr_assert_not_null(c, "no column %s", name);
	return c;
}

Test(load_sqlmodel, baseline_serial_index_optional)
{
	put("models.py", HEAD
	    "class Hero(SQLModel, table=True):\n"
	    "    id: Optional[int] = Field(default=None, primary_key=True)\n"
	    "    name: str = Field(index=True)\n"
	    "    secret_name: str\n"
	    "    age: Optional[int] = None\n");
	rt_schema *s = load("models.py");
	rt_table *t = table(s, "public", "hero");
	cr_expect_str_eq(column(t, "id")->type.name, "integer");
	cr_expect_str_eq(column(t, "id")->default_expr->text,
			 "nextval('hero_id_seq'::regclass)");
	cr_expect(column(t, "name")->not_null);
	cr_expect_str_eq(column(t, "name")->type.name, "character varying");
	cr_expect_not(column(t, "age")->not_null);
	cr_expect_not_null(rt_schema_find_index(s, "public", "ix_hero_name"));
	cr_expect_not_null(rt_schema_find_sequence(s, "public", "hero_id_seq"));
	cr_expect_str_eq(t->src_file, "models.py");
	cr_expect_eq(t->src_line, 6);
	cr_expect_eq(column(t, "name")->src_line, 8);
}

static void same_vec(const rt_vec *a, const rt_vec *b, const char *what,
		     const char *text)
{
	cr_assert_eq(a->len, b->len, "%s of %s: %zu, not %zu", what, text,
		     a->len, b->len);
	for (size_t i = 0; i < a->len; i++)
		cr_expect_str_eq(a->items[i], b->items[i], "%s of %s", what,
				 text);
}

/* e's key and references are what rt_canon_* find in its text (the
 * direct build writes some of them without parsing). */
static void same_as_parsed(const rt_expr *e, rt_canon_kind kind)
{
	const char *key = NULL;
	rt_refs refs = {0};
	rt_error cerr = {0};
	cr_assert_eq(
	    rt_canon_key_refs(&key, &refs, arena, kind, e->text, &cerr), 0,
	    "%s: %s", e->text, cerr.msg);
	cr_expect_str_eq(e->key, key, "key of %s", e->text);
	cr_assert_not_null(e->refs, "no references for %s", e->text);
	same_vec(&e->refs->columns, &refs.columns, "columns", e->text);
	same_vec(&e->refs->functions, &refs.functions, "functions", e->text);
	same_vec(&e->refs->sequences, &refs.sequences, "sequences", e->text);
	same_vec(&e->refs->relations, &refs.relations, "relations", e->text);
	cr_expect_eq(e->refs->star, refs.star);
}

Test(load_sqlmodel, direct_keys_match_the_parsed_ones)
{
	put("models.py", HEAD
	    "class Item(SQLModel, table=True):\n"
	    "    __table_args__ = (sa.Index('ix_item_a_b', 'a', 'b', 'a'),\n"
	    "                      sa.Index('ix_item_lower', "
	    "sa.text('lower(b)')))\n"
	    "    id: Optional[int] = Field(default=None, primary_key=True)\n"
	    "    a: str = Field(index=True, unique=True)\n"
	    "    b: str = Field(index=True)\n"
	    "    order: int = Field(index=True)\n"
	    "class Other(SQLModel, table=True):\n"
	    "    __table_args__ = {'schema': 'app'}\n"
	    "    id: Optional[int] = Field(default=None, primary_key=True)\n"
	    "    Name: str = Field(index=True)\n"
	    "    code: str = Field(index=True)\n"
	    "    item_id: int = Field(foreign_key='item.id')\n");
	rt_schema *s = load("models.py");
	cr_assert_eq(s->indexes.len, 7);
	for (size_t i = 0; i < s->indexes.len; i++) {
		rt_index *ix = s->indexes.items[i];
		same_as_parsed(ix->def, RT_CANON_INDEX);
	}
	cr_expect_str_eq(
	    ((rt_index *)rt_schema_find_index(s, "app", "ix_app_other_code"))
		->def->text,
	    "CREATE INDEX ix_app_other_code ON app.other USING btree (code)");
	for (size_t i = 0; i < s->tables.len; i++) {
		rt_table *t = s->tables.items[i];
		for (size_t k = 0; k < t->columns.len; k++) {
			rt_column *c = t->columns.items[k];
			if (c->default_expr)
				same_as_parsed(c->default_expr, RT_CANON_EXPR);
		}
	}
	cr_expect_str_eq(
	    column(table(s, "app", "other"), "id")->default_expr->text,
	    "nextval('app.other_id_seq'::regclass)");
	/* places: the class's line for the table and its constraints (the
	 * foreign key too), the field's for a column */
	rt_table *o = table(s, "app", "other");
	cr_expect_str_eq(o->src_file, "models.py");
	cr_expect_eq(o->src_line, 13);
	cr_expect_eq(o->constraints.len, 2);
	for (size_t i = 0; i < o->constraints.len; i++)
		cr_expect_eq(
		    ((rt_constraint *)o->constraints.items[i])->src_line, 13);
	cr_expect_eq(column(o, "item_id")->src_line, 18);
	cr_expect_eq(column(table(s, "public", "item"), "order")->src_line, 12);
}

Test(load_sqlmodel, current_nullability_and_enums)
{
	/* current SQLModel: a None default alone is not nullable, a required
	 * Optional is, and a str or int Enum is a native enum (0.0.8:
	 * VARCHAR / INTEGER; reference/sqlmodel-mapping.md 3.1, 2.2) */
	put("models.py", HEAD
	    "class S(str, enum.Enum):\n"
	    "    A = 'a'\n    B = 'b'\n    C = 'a'\n"
	    "class L(enum.IntEnum):\n    LOW = 1\n"
	    "class Nul(SQLModel, table=True):\n"
	    "    id: Optional[int] = Field(default=None, primary_key=True)\n"
	    "    a: int = None\n"
	    "    b: Optional[int] = Field(...)\n"
	    "    c: Optional[int] = Field(default=None, nullable=False)\n"
	    "    d: int = Field(nullable=True)\n"
	    "    e: int | None\n"
	    "    s: S\n"
	    "    l: Optional[L] = None\n");
	rt_schema *s = load("models.py");
	rt_table *t = table(s, "public", "nul");
	cr_expect(column(t, "a")->not_null);
	cr_expect_not(column(t, "b")->not_null);
	cr_expect(column(t, "c")->not_null);
	cr_expect_not(column(t, "d")->not_null);
	cr_expect_not(column(t, "e")->not_null);
	cr_expect_str_eq(column(t, "s")->type.name, "s");
	rt_enum *e = rt_schema_find_enum(s, "public", "s");
	cr_assert_not_null(e);
	cr_expect_eq(e->labels.len, 2); /* C is an alias of A */
	cr_expect_not_null(rt_schema_find_enum(s, "public", "l"));
}

Test(load_sqlmodel, keys_indexes_and_long_names)
{
	put("models.py", HEAD
	    "class CustomerSubscriptionBillingHistoryEntry(SQLModel, "
	    "table=True):\n"
	    "    id: Optional[int] = Field(default=None, primary_key=True)\n"
	    "    external_payment_provider_reference: str = "
	    "Field(index=True)\n"
	    "    email: str = Field(unique=True)\n"
	    "    login: str = Field(unique=True, index=True)\n");
	rt_schema *s = load("models.py");
	cr_expect_not_null(rt_schema_find_index(
	    s, "public",
	    "ix_customersubscriptionbillinghistoryentry_external_pay_0ec4"));
	rt_index *ix = rt_schema_find_index(
	    s, "public", "ix_customersubscriptionbillinghistoryentry_login");
	cr_assert_not_null(ix);
	cr_expect(ix->unique);
	rt_table *t =
	    table(s, "public", "customersubscriptionbillinghistoryentry");
	size_t uniques = 0;
	for (size_t i = 0; i < t->constraints.len; i++)
		uniques += ((rt_constraint *)t->constraints.items[i])->type ==
			   RT_CON_UNIQUE;
	cr_expect_eq(uniques, 1); /* login's is the unique index */
}

/* A package's modules are parsed ahead on two threads: one never
 * imported that does not parse is no error, an imported one's error is
 * the parser's, at its place. */
Test(load_sqlmodel, package_modules_parsed_ahead)
{
	put("pkg/__init__.py", "");
	put("pkg/models/__init__.py", "from . import a, b\n");
	put("pkg/models/a.py", HEAD "class A(SQLModel, table=True):\n"
				    "    id: int = Field(primary_key=True)\n");
	put("pkg/models/b.py",
	    HEAD "from .a import A\n"
		 "class B(SQLModel, table=True):\n"
		 "    id: int = Field(primary_key=True)\n"
		 "    a_id: int = Field(foreign_key='a.id')\n");
	put("pkg/models/unused.py", "def broken(:\n");
	rt_schema *s = load("pkg.models");
	cr_expect_eq(s->tables.len, 2);
	cr_expect_str_eq(table(s, "public", "b")->src_file, "pkg/models/b.py");
	put("pkg/models/__init__.py", "from . import a, b, unused\n");
	rt_error *e = load_err("pkg.models", false);
	cr_expect_str_eq(e->file, "pkg/models/unused.py");
	cr_expect_eq(e->line, 1);
}

Test(load_sqlmodel, package_imports_constants_and_conventions)
{
	put("app/__init__.py", "from . import core\n");
	put("app/core.py",
	    "from sqlmodel import SQLModel\nLEN = 40\n"
	    "SQLModel.metadata.naming_convention = {\n"
	    "  'uq': 'uq_%(table_name)s_%(column_0_N_name)s',\n"
	    "  'fk': 'fk_%(table_name)s_%(column_0_name)s_%(referred_table_"
	    "name)s',\n"
	    "  'pk': 'pk_%(table_name)s',\n"
	    "  'ck': 'ck_%(table_name)s_%(constraint_name)s'}\n");
	put("app/models/__init__.py", "from .a import A\nfrom .b import *\n");
	put("app/models/base.py",
	    HEAD "from ..core import LEN\n"
		 "class IdMixin(SQLModel):\n"
		 "    id: Optional[int] = Field(default=None, "
		 "primary_key=True)\n");
	put("app/models/a.py",
	    HEAD "from .base import IdMixin, LEN\n"
		 "class A(IdMixin, table=True):\n"
		 "    __table_args__ = (sa.UniqueConstraint('x', 'y'),\n"
		 "        sa.CheckConstraint('y > 0', name='pos'))\n"
		 "    x: str = Field(max_length=LEN * 2)\n"
		 "    y: int\n");
	put("app/models/b.py", HEAD
	    "from app.models.base import IdMixin\n"
	    "class B(IdMixin, table=True):\n"
	    "    __tablename__ = 'bees'\n"
	    "    a_id: int = Field(foreign_key='a.id', ondelete='CASCADE')\n"
	    "    rel: Optional['A'] = Relationship()\n");
	rt_schema *s = load("app.models");
	rt_table *a = table(s, "public", "a");
	cr_expect_str_eq(column(a, "x")->type.name, "character varying(80)");
	cr_expect_not_null(rt_table_find_constraint(a, "uq_a_x_y"));
	cr_expect_not_null(rt_table_find_constraint(a, "ck_a_pos"));
	cr_expect_not_null(rt_table_find_constraint(a, "pk_a"));
	rt_table *b = table(s, "public", "bees");
	cr_expect_null(rt_table_find_column(b, "rel"));
	rt_constraint *fk = rt_table_find_constraint(b, "fk_bees_a_id_a");
	cr_assert_not_null(fk);
	cr_expect_eq(fk->on_delete, 'c');
	cr_expect_str_eq(b->src_file, "app/models/b.py");
	/* the same package as a directory and as one of its files */
	s = load("app/models");
	cr_expect_not_null(rt_schema_find_table(s, "public", "bees"));
	s = load("app/models/b.py");
	cr_expect_not_null(rt_schema_find_table(s, "public", "a"));
}

Test(load_sqlmodel, sa_column_types_and_defaults)
{
	put("models.py", HEAD
	    "from sqlalchemy.dialects.postgresql import JSONB, ARRAY\n"
	    "class Doc(SQLModel, table=True):\n"
	    "    id: int = Field(sa_column=Column(sa.BigInteger, "
	    "sa.Identity(always=True), primary_key=True))\n"
	    "    tags: list[str] = Field(sa_column=Column(ARRAY(sa.Text)))\n"
	    "    meta: dict = Field(sa_column=Column(JSONB, "
	    "nullable=False, server_default=sa.text(\"'{}'\")))\n"
	    "    at: datetime.datetime = Field(sa_column=Column("
	    "sa.DateTime(timezone=True), server_default=sa.func.now()))\n"
	    "    qty: int = Field(default=0, sa_column_kwargs="
	    "{'server_default': '0', 'comment': 'how many'})\n"
	    "    price: Decimal = Field(sa_column=Column(sa.Numeric(10, 2)))\n"
	    "    total: Optional[int] = Field(sa_column=Column(sa.Integer, "
	    "sa.Computed('qty * 2')))\n");
	rt_schema *s = load("models.py");
	rt_table *t = table(s, "public", "doc");
	rt_column *id = column(t, "id");
	cr_expect_str_eq(id->type.name, "bigint");
	cr_expect_eq(id->identity, RT_IDENTITY_ALWAYS);
	cr_expect_str_eq(column(t, "tags")->type.name, "text[]");
	cr_expect_str_eq(column(t, "meta")->type.name, "jsonb");
	cr_expect(column(t, "meta")->not_null);
	cr_expect_str_eq(column(t, "at")->type.name,
			 "timestamp with time zone");
	cr_expect_not_null(column(t, "at")->default_expr);
	cr_expect_str_eq(column(t, "qty")->comment, "how many");
	cr_expect_str_eq(column(t, "price")->type.name, "numeric(10,2)");
	cr_expect_not_null(column(t, "total")->generated);
}

Test(load_sqlmodel, table_subclass_and_non_table_bases)
{
	put("models.py", HEAD
	    "class Base(SQLModel):\n    name: str\n"
	    "class Animal(Base, table=True):\n"
	    "    id: Optional[int] = Field(default=None, primary_key=True)\n"
	    "class Dog(Animal, table=True):\n    breed: str\n"
	    "class AnimalRead(Animal):\n    extra: int\n");
	rt_schema *s = load("models.py");
	cr_expect_eq(s->tables.len, 1);
	rt_table *t = table(s, "public", "animal");
	cr_expect_not_null(rt_table_find_column(t, "name"));
	cr_expect_null(rt_table_find_column(t, "breed"));
}

Test(load_sqlmodel, refusals_name_the_field)
{
	put("models.py", HEAD "from money import Money\n"
			      "class Item(SQLModel, table=True):\n"
			      "    id: int = Field(primary_key=True)\n"
			      "    price: Money\n");
	rt_error *e = load_err("models.py", true);
	cr_expect_str_eq(e->file, "models.py");
	cr_expect_eq(e->line, 9);
	cr_expect_str_eq(e->msg, "item.price: type 'Money' from module "
				 "'money' cannot be resolved statically");
	put("m2.py",
	    HEAD "import random\n"
		 "class Item(SQLModel, table=True):\n"
		 "    id: int = Field(primary_key=True)\n"
		 "    n: str = Field(max_length=random.randint(1, 9))\n");
	e = load_err("m2.py", true);
	cr_expect_eq(e->line, 9);
	cr_expect_str_eq(e->msg, "item.n: max_length is computed (a call to "
				 "random.randint()) and cannot be resolved "
				 "statically");
}

Test(load_sqlmodel, errors_name_both_ends)
{
	put("fk.py", HEAD "class Hero(SQLModel, table=True):\n"
			  "    id: int = Field(primary_key=True)\n"
			  "    team_id: int = Field(foreign_key='team.id')\n");
	rt_error *e = load_err("fk.py", false);
	cr_expect_str_eq(
	    e->msg, "hero.team_id: foreign key to 'team.id': no table 'team'");
	put("fk2.py",
	    HEAD "class Team(SQLModel, table=True):\n"
		 "    id: int = Field(primary_key=True)\n"
		 "class Hero(SQLModel, table=True):\n"
		 "    id: int = Field(primary_key=True)\n"
		 "    team_id: int = Field(foreign_key='team.key')\n");
	e = load_err("fk2.py", false);
	cr_expect_str_eq(e->msg, "hero.team_id: foreign key to 'team.key': no "
				 "column 'key' in table 'team' (fk2.py:6)");
	put("dup.py", HEAD "class A(SQLModel, table=True):\n"
			   "    id: int = Field(primary_key=True)\n"
			   "class B(SQLModel, table=True):\n"
			   "    __tablename__ = 'a'\n"
			   "    id: int = Field(primary_key=True)\n");
	e = load_err("dup.py", false);
	cr_expect_str_eq(e->msg, "classes A (dup.py:6) and B (dup.py:8) both "
				 "make table 'a'");
	put("nopk.py", HEAD "class Note(SQLModel, table=True):\n"
			    "    text: str\n");
	e = load_err("nopk.py", false);
	cr_expect_str_eq(e->msg, "class Note: table 'note' has no primary key");
	cr_expect_eq(e->line, 6);
	put("syn.py", "class A(:\n");
	e = load_err("syn.py", false);
	cr_expect_eq(e->line, 1);
	cr_expect_eq(e->col, 8);
	cr_expect_str_eq(e->msg, "syntax error: '(' was never closed");
	e = load_err("nope.models", false);
	cr_expect_str_eq(e->msg, "cannot find module 'nope.models' (no "
				 "nope/models.py or nope/models/__init__.py "
				 "under the current directory)");
}

Test(load_sqlmodel, computed_classes_are_refused)
{
	put("dyn.py", HEAD "from pydantic import create_model\n"
			   "Hero = create_model('Hero', __base__=SQLModel)\n");
	rt_error *e = load_err("dyn.py", true);
	cr_expect_str_eq(e->msg, "a class built by a call to create_model() "
				 "cannot be resolved statically");
	cr_expect_eq(e->line, 7);
	put("decl.py", HEAD "from sqlalchemy.orm import declared_attr\n"
			    "class Base(SQLModel):\n"
			    "    @declared_attr\n"
			    "    def __tablename__(cls):\n"
			    "        return cls.__name__.lower() + 's'\n"
			    "class Hero(Base, table=True):\n"
			    "    id: int = Field(primary_key=True)\n");
	e = load_err("decl.py", true);
	cr_expect_str_eq(e->msg, "class Hero: __tablename__ is computed by a "
				 "function and cannot be resolved statically");
	cr_expect_eq(e->line, 9);
}

/* ---- models read for SQLite (reference/sqlmodel-mapping.md's SQLite
 * column) ---- */

static rt_schema *load_lite(const char *source)
{
	rt_schema *s = NULL;
	bool refused;
	int rc = rt_load_sqlmodel(&s, arena, source, RT_DIALECT_SQLITE,
				  &refused, &err);
	cr_assert_eq(rc, 0, "load failed: %s:%d: %s", err.file, err.line,
		     err.msg);
	cr_assert_eq(s->dialect, RT_DIALECT_SQLITE);
	return s;
}

static rt_error *load_lite_err(const char *source)
{
	rt_schema *s = NULL;
	bool refused;
	cr_assert_eq(rt_load_sqlmodel(&s, arena, source, RT_DIALECT_SQLITE,
				      &refused, &err),
		     -1);
	cr_expect_eq(err.code, RT_EINPUT);
	cr_expect(!refused, "%s", err.msg);
	return &err;
}

static const char *lite_type(rt_table *t, const char *col)
{
	return column(t, col)->type.name;
}

Test(load_sqlmodel, sqlite_types)
{
	put("models.py", HEAD
	    "class Color(enum.Enum):\n"
	    "    RED = 1\n"
	    "    DARK_BLUE = 2\n"
	    "class T(SQLModel, table=True):\n"
	    "    id: Optional[int] = Field(default=None, primary_key=True)\n"
	    "    s: str\n"
	    "    s10: str = Field(max_length=10)\n"
	    "    f: float\n"
	    "    b: bool\n"
	    "    ts: datetime.datetime\n"
	    "    d: datetime.date\n"
	    "    tm: datetime.time\n"
	    "    iv: datetime.timedelta\n"
	    "    n: Decimal\n"
	    "    u: uuid.UUID\n"
	    "    raw: bytes\n"
	    "    c: Color\n"
	    "    dbl: float = Field(sa_column=Column(sa.Double))\n"
	    "    stamp: datetime.datetime = Field(sa_column=Column("
	    "sa.TIMESTAMP(timezone=True)))\n"
	    "    big: int = Field(sa_column=Column(sa.BigInteger))\n");
	rt_schema *s = load_lite("models.py");
	rt_table *t = table(s, "main", "t");
	cr_expect_eq(s->namespaces.len, 1);
	cr_expect_eq(s->enums.len, 0);
	cr_expect_str_eq(lite_type(t, "id"), "INTEGER");
	cr_expect_str_eq(lite_type(t, "s"), "VARCHAR");
	cr_expect_str_eq(lite_type(t, "s10"), "VARCHAR(10)");
	cr_expect_str_eq(lite_type(t, "f"), "FLOAT");
	cr_expect_str_eq(lite_type(t, "b"), "BOOLEAN");
	cr_expect_str_eq(lite_type(t, "ts"), "DATETIME");
	cr_expect_str_eq(lite_type(t, "d"), "DATE");
	cr_expect_str_eq(lite_type(t, "tm"), "TIME");
	cr_expect_str_eq(lite_type(t, "iv"), "DATETIME");
	cr_expect_str_eq(lite_type(t, "n"), "NUMERIC");
	cr_expect_str_eq(lite_type(t, "u"), "CHAR(32)");
	cr_expect_str_eq(lite_type(t, "raw"), "BLOB");
	cr_expect_str_eq(lite_type(t, "c"), "VARCHAR(9)");
	cr_expect_str_eq(lite_type(t, "dbl"), "DOUBLE");
	cr_expect_str_eq(lite_type(t, "stamp"), "TIMESTAMP");
	cr_expect_str_eq(lite_type(t, "big"), "BIGINT");
	cr_expect_str_eq(column(t, "id")->type.schema, RT_CATALOG);
}

Test(load_sqlmodel, sqlite_keys_defaults_and_options)
{
	put("models.py", HEAD
	    "class P(SQLModel, table=True):\n"
	    "    __table_args__ = {'sqlite_autoincrement': True}\n"
	    "    id: Optional[int] = Field(default=None, primary_key=True)\n"
	    "    at: datetime.datetime = Field(sa_column_kwargs={\n"
	    "        'server_default': sa.func.now()})\n"
	    "    on: bool = Field(sa_column_kwargs={'server_default': "
	    "sa.true()})\n"
	    "    t: str = Field(sa_column_kwargs={'server_default': "
	    "sa.text('lower(\\'X\\')')})\n"
	    "class Price(SQLModel, table=True):\n"
	    "    id: Decimal = Field(primary_key=True)\n"
	    "    p_id: Optional[int] = Field(default=None, "
	    "foreign_key='p.id', index=True)\n");
	rt_schema *s = load_lite("models.py");
	rt_table *p = table(s, "main", "p");
	cr_assert_eq(p->options.len, 1);
	cr_expect_str_eq(p->options.items[0], "autoincrement");
	cr_expect_not_null(rt_table_find_constraint(p, "p_pkey"));
	cr_expect_str_eq(column(p, "at")->default_expr->key,
			 "CURRENT_TIMESTAMP");
	cr_expect_str_eq(column(p, "on")->default_expr->key, "1");
	/* text() verbatim, in parentheses as SQLAlchemy 2.0.40 writes it */
	cr_expect_str_eq(column(p, "t")->default_expr->key, "LOWER('X')");
	rt_table *price = table(s, "main", "price");
	cr_expect_str_eq(lite_type(price, "id"), "NUMERIC");
	rt_constraint *fk = rt_table_find_constraint(price, "price_p_id_fkey");
	cr_assert_not_null(fk);
	cr_expect_str_eq(fk->ref_table.schema, "main");
	cr_expect_str_eq(fk->ref_table.name, "p");
	cr_expect_not_null(rt_schema_find_index(s, "main", "ix_price_p_id"));
}

Test(load_sqlmodel, sqlite_enum_columns_keep_their_labels)
{
	/* two enums named Status: one PostgreSQL type, two SQLite lengths */
	put("a.py", HEAD "class Status(enum.Enum):\n"
			 "    OPEN = 1\n"
			 "class A(SQLModel, table=True):\n"
			 "    id: Optional[int] = Field(default=None, "
			 "primary_key=True)\n"
			 "    st: Status\n");
	put("b.py", HEAD "class Status(enum.Enum):\n"
			 "    IN_PROGRESS = 1\n"
			 "class B(SQLModel, table=True):\n"
			 "    id: Optional[int] = Field(default=None, "
			 "primary_key=True)\n"
			 "    st: Status\n");
	rt_schema *s = load_lite(".");
	cr_expect_str_eq(lite_type(table(s, "main", "a"), "st"), "VARCHAR(4)");
	cr_expect_str_eq(lite_type(table(s, "main", "b"), "st"), "VARCHAR(11)");
}

Test(load_sqlmodel, sqlite_cannot_hold)
{
	put("models.py", HEAD "class T(SQLModel, table=True):\n"
			      "    __table_args__ = {'schema': 'app'}\n"
			      "    id: Optional[int] = Field(default=None, "
			      "primary_key=True)\n");
	rt_error *e = load_lite_err("models.py");
	cr_expect_str_eq(e->msg, "class T: table 'app.t': SQLite has no "
				 "schema 'app' (create_all fails: unknown "
				 "database)");
	cr_expect_eq(e->line, 6);
	put("j.py", HEAD "from sqlalchemy.dialects.postgresql import JSONB\n"
			 "class J(SQLModel, table=True):\n"
			 "    id: Optional[int] = Field(default=None, "
			 "primary_key=True)\n"
			 "    doc: dict = Field(sa_column=Column(JSONB))\n");
	e = load_lite_err("j.py");
	cr_expect_str_eq(e->msg, "j.doc: type JSONB has no SQLite spelling "
				 "(create_all fails on SQLite)");
	cr_expect_eq(e->line, 9);
}

/* n chained tables t0..t(n-1) (each but t0 with a foreign key to the one
 * before), with naming convention conv; table ix gets an index=True
 * column, tables 10 and 11 an index named 'same_name' when dup. */
static void chain(const char *path, const char *conv, int n, int ix, bool dup)
{
	rt_buf b = RT_BUF_INIT;
	rt_buf_addf(&b,
		    "from typing import Optional\n"
		    "from sqlmodel import Field, SQLModel\n"
		    "import sqlalchemy as sa\n"
		    "SQLModel.metadata.naming_convention = {%s}\n",
		    conv);
	for (int i = 0; i < n; i++) {
		rt_buf_addf(&b,
			    "class T%d(SQLModel, table=True):\n"
			    "    id: Optional[int] = Field(default=None, "
			    "primary_key=True)\n",
			    i);
		if (i)
			rt_buf_addf(&b,
				    "    prev_id: Optional[int] = Field("
				    "default=None, foreign_key='t%d.id')\n",
				    i - 1);
		if (i == ix)
			rt_buf_adds(&b, "    code: str = Field(index=True)\n");
		if (dup && (i == 10 || i == 11))
			rt_buf_adds(&b, "    name: str\n    __table_args__ = "
					"(sa.Index('same_name', 'name'),)\n");
	}
	put(path, b.data);
	rt_buf_release(&b);
}

/* The direct build runs as a pipeline (the pieces on a helper thread, the
 * loader one table behind): the error is still the first one of create_all's
 * order, the tables' before the foreign keys', a loader failure before a
 * later piece's. */
Test(load_sqlmodel, direct_pipeline_keeps_the_first_error)
{
	chain("ok.py",
	      "'ix': 'ix_%(table_name)s_%(column_0_name)s', "
	      "'fk': 'fk_%(table_name)s_%(referred_table_name)s'",
	      60, 45, false);
	rt_schema *s = load("ok.py");
	rt_table *t = table(s, "public", "t59");
	cr_expect_not_null(rt_table_find_constraint(t, "fk_t59_t58"));
	cr_expect_str_eq(t->src_file, "ok.py");
	cr_expect_not_null(rt_schema_find_index(s, "public", "ix_t45_code"));
	/* an index's name fails at t30; a foreign key's (t1's) comes after
	 * every table */
	chain("ix.py", "'fk': 'fk_%(bogus)s', 'ix': 'ix_%(nope)s'", 40, 30,
	      false);
	rt_error *e = load_err("ix.py", false);
	cr_expect_str_eq(e->msg, "t30: naming convention 'ix_%(nope)s': "
				 "unknown token '%(nope)s'");
	cr_expect_eq(e->line, 97);
	chain("fk.py", "'fk': 'fk_%(bogus)s'", 40, -1, false);
	e = load_err("fk.py", false);
	cr_expect_str_eq(e->msg, "t1: naming convention 'fk_%(bogus)s': "
				 "unknown token '%(bogus)s'");
	cr_expect_eq(e->line, 9);
	/* the loader fails first (t11's index): the DDL's error */
	chain("dup.py", "", 40, -1, true);
	e = load_err("dup.py", false);
	cr_expect_str_eq(e->msg, "relation 'public.same_name' already exists");
	cr_expect_eq(e->line, 43);
}
