/* SPDX-License-Identifier: MIT */
/*
 * rt_render_checks: validation queries for a migration's -- +validate
 * section. The steps say which objects a migration touches; the target
 * schema says what each must be afterwards, so a column retyped twice or
 * an index dropped and created again is checked once, as it ends up.
 * PostgreSQL is asked through pg_catalog with names as literals (exact,
 * whatever the search_path); SQLite through sqlite_schema and the pragma
 * table-valued functions.
 */
#include "base/common.h"
#include "base/buf.h"
#include "base/map.h"
#include "render/render.h"

typedef enum subject_kind {
	SUB_SCHEMA,
	SUB_TABLE,
	SUB_COLUMN,
	SUB_CONSTRAINT,
	SUB_INDEX,
	SUB_ENUM,
	SUB_SEQUENCE,
	SUB_VIEW,
	SUB_TRIGGER, /* table: the relation it is on */
	SUB_POLICY,
} subject_kind;

/* An object the steps touch, by name. */
typedef struct subject {
	subject_kind kind;
	const char *schema, *table, *name; /* table: of a column or key */
	bool retyped;			   /* a column's ALTER COLUMN TYPE */
	bool created;			   /* the first step on it creates it */
} subject;

typedef struct checker {
	const subject *cur; /* the subject being checked */
	rt_arena *a;
	rt_dialect d;
	const rt_schema *to;
	rt_vec *out;
	rt_vec subjects; /* subject *, in order, each once */
	rt_map byname;	 /* subject_key -> subject * */
	rt_buf key;	 /* subject_key's scratch */
} checker;

/* ---- which objects ---- */

/* A subject's key in c->byname, in c->key: its kind, then each name
 * after a byte that says whether it is NULL (names hold no NUL byte). */
static const rt_buf *subject_key(checker *c, subject_kind k, const char *schema,
				 const char *table, const char *name)
{
	const char *part[] = {schema, table, name};

	rt_buf_reset(&c->key);
	rt_buf_addch(&c->key, (char)('A' + k));
	for (size_t i = 0; i < RT_ARRAY_LEN(part); i++) {
		rt_buf_addch(&c->key, part[i] ? '+' : '-');
		if (part[i])
			rt_buf_add(&c->key, part[i], strlen(part[i]) + 1);
	}
	return &c->key;
}

static subject *find_subject(checker *c, subject_kind k, const char *schema,
			     const char *table, const char *name)
{
	const rt_buf *key = subject_key(c, k, schema, table, name);
	return rt_map_get(&c->byname, key->data, key->len);
}

static void touch(checker *c, subject_kind k, const char *schema,
		  const char *table, const char *name, bool retyped,
		  bool creates)
{
	subject *s = find_subject(c, k, schema, table, name);

	if (s) {
		s->retyped |= retyped;
		return;
	}
	s = RT_NEW(c->a, subject);
	s->kind = k;
	s->schema = schema;
	s->table = table;
	s->name = name;
	s->retyped = retyped;
	s->created = creates;
	rt_vec_push(&c->subjects, c->a, s);
	/* c->key still holds the key find_subject made */
	rt_map_put(&c->byname, c->a,
		   rt_arena_strndup(c->a, c->key.data, c->key.len), c->key.len,
		   s);
}

static void touch_step(checker *c, const rt_step *st)
{
	const rt_object *o = st->target ? st->target : st->object;
	bool cr = !st->object; /* a create, an add */

	if (st->temporary)
		return; /* a safe form's own object, gone at the end */
	switch (st->op) {
	case RT_OP_CREATE_SCHEMA:
	case RT_OP_DROP_SCHEMA:
		touch(c, SUB_SCHEMA, NULL, NULL, o->name, false, cr);
		break;
	case RT_OP_CREATE_TABLE:
	case RT_OP_DROP_TABLE:
	case RT_OP_PARK_TABLE:	  /* gone from its schema */
	case RT_OP_RESTORE_TABLE: /* back */
		touch(c, SUB_TABLE, o->schema, NULL, o->name, false, cr);
		break;
	case RT_OP_ADD_COLUMN:
	case RT_OP_DROP_COLUMN:
	case RT_OP_PARK_COLUMN:
	case RT_OP_RESTORE_COLUMN:
	case RT_OP_ALTER_COLUMN_TYPE:
	case RT_OP_SET_NOT_NULL:
	case RT_OP_DROP_NOT_NULL:
		touch(c, SUB_COLUMN, o->owner->schema, o->owner->name, o->name,
		      st->op == RT_OP_ALTER_COLUMN_TYPE, cr);
		break;
	case RT_OP_ADD_CONSTRAINT:
	case RT_OP_DROP_CONSTRAINT:
		touch(c, SUB_CONSTRAINT, o->owner->schema, o->owner->name,
		      o->name, false, cr);
		break;
	case RT_OP_CREATE_INDEX:
	case RT_OP_DROP_INDEX:
		touch(c, SUB_INDEX, o->schema, NULL, o->name, false, cr);
		break;
	case RT_OP_CREATE_ENUM:
	case RT_OP_ADD_ENUM_VALUE:
		touch(c, SUB_ENUM, o->schema, NULL, o->name, false, cr);
		break;
	case RT_OP_RENAME_TYPE: /* an enum replaced: it was there */
		if (st->kind == RT_KIND_ENUM)
			touch(c, SUB_ENUM, o->schema, NULL, o->name, false,
			      false);
		break;
	case RT_OP_DROP_TYPE:
		/* by the name it has when dropped (after a rename) */
		if (st->kind == RT_KIND_ENUM)
			touch(c, SUB_ENUM, o->schema, NULL, st->name, false,
			      cr);
		break;
	case RT_OP_CREATE_SEQUENCE:
	case RT_OP_DROP_SEQUENCE:
		touch(c, SUB_SEQUENCE, o->schema, NULL, o->name, false, cr);
		break;
	case RT_OP_CREATE_OBJECT:
	case RT_OP_DROP_OBJECT:
	case RT_OP_ALTER_OBJECT:
		if (st->kind == RT_KIND_VIEW)
			touch(c, SUB_VIEW, o->schema, NULL, o->name, false, cr);
		else if (st->kind == RT_KIND_TRIGGER)
			touch(c, SUB_TRIGGER, o->schema, o->owner->name,
			      o->name, false, cr);
		else if (st->kind == RT_KIND_POLICY)
			touch(c, SUB_POLICY, o->schema, o->owner->name, o->name,
			      false, cr);
		break;
	default:
		break;
	}
}

/* true when the table of a column or key is itself a subject: its own
 * checks cover its columns and keys. */
static bool table_is_subject(checker *c, const subject *s)
{
	return find_subject(c, SUB_TABLE, s->schema, NULL, s->table) != NULL;
}

/* ---- one check ---- */

static bool value_ok(const char *v)
{
	size_t n = strlen(v);
	return n > 0 && !strpbrk(v, "\n\r") && !strchr(" \t\f\v", v[0]) &&
	       !strchr(" \t\f\v", v[n - 1]);
}

static rt_check *emit(checker *c, rt_check_expect e, rt_buf *sql,
		      const char *what)
{
	rt_check *k = RT_NEW(c->a, rt_check);
	k->sql = rt_arena_strdup(c->a, sql->data);
	k->expect = e;
	k->what = what;
	k->creates = c->cur && c->cur->created;
	rt_vec_push(c->out, c->a, k);
	return k;
}

/* "SELECT expr from" (in pieces: a check per column added, 1,000s) */
static void select_from(rt_buf *b, const char *expr, const char *from)
{
	rt_buf_adds(b, "SELECT ");
	rt_buf_adds(b, expr);
	rt_buf_addch(b, ' ');
	rt_buf_adds(b, from);
}

/* SELECT expr <from>, expecting value; a value a migration file cannot
 * hold (a name with a newline) is compared in the query instead. */
static void emit_value(checker *c, const char *expr, const char *from,
		       const char *value, const char *what)
{
	rt_buf b = RT_BUF_INIT;

	if (value_ok(value)) {
		select_from(&b, expr, from);
		emit(c, RT_CHECK_VALUE, &b, what)->value =
		    rt_arena_strdup(c->a, value);
	} else {
		rt_buf_addf(&b, "SELECT (%s) = ", expr);
		rt_buf_add_literal(&b, c->d, value);
		rt_buf_addf(&b, " %s", from);
		emit(c, RT_CHECK_TRUE, &b, what);
	}
	rt_buf_release(&b);
}

static void emit_true(checker *c, const char *expr, const char *from,
		      const char *what)
{
	rt_buf b = RT_BUF_INIT;
	select_from(&b, expr, from);
	emit(c, RT_CHECK_TRUE, &b, what);
	rt_buf_release(&b);
}

static void emit_rows(checker *c, const char *from, uint64_t rows,
		      const char *what)
{
	rt_buf b = RT_BUF_INIT;
	select_from(&b, "1", from);
	emit(c, RT_CHECK_ROWS, &b, what)->rows = rows;
	rt_buf_release(&b);
}

static void lit(rt_buf *b, const checker *c, const char *s)
{
	rt_buf_add_literal(b, c->d, s);
}

/* "public.tasks", "public.tasks.title": for the what of a check */
static const char *shown(checker *c, const char *schema, const char *table,
			 const char *name)
{
	rt_buf b = RT_BUF_INIT;
	if (schema) {
		rt_buf_add_ident(&b, c->d, schema);
		rt_buf_addch(&b, '.');
	}
	if (table) {
		rt_buf_add_ident(&b, c->d, table);
		rt_buf_addch(&b, '.');
	}
	rt_buf_add_ident(&b, c->d, name);
	return rt_buf_detach_arena(&b, c->a);
}

/* ---- PostgreSQL ---- */

#define PG_TYPE_PLAIN "pg_catalog.format_type(a.atttypid, a.atttypmod)"
/* user types by their raw schema and name, arrays of them with "[]":
 * what format_type prints for them depends on the search_path */
#define PG_TYPE_USER                                                           \
	"CASE WHEN tn.nspname = 'pg_catalog' THEN " PG_TYPE_PLAIN              \
	" WHEN t.typtype = 'b' AND t.typcategory = 'A' THEN (SELECT "          \
	"en.nspname || '.' || e.typname FROM pg_catalog.pg_type e JOIN "       \
	"pg_catalog.pg_namespace en ON en.oid = e.typnamespace WHERE "         \
	"e.oid = t.typelem) || '[]' ELSE tn.nspname || '.' || t.typname END"
#define PG_NULLS "CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE ' NULL' END"

static bool user_type(rt_type t)
{
	return t.schema && !rt_is_catalog(t.schema);
}

/* The column's type and nullability as the queries print them:
 * "integer NOT NULL", "public.mood[] NULL". */
static void pg_column_value(rt_buf *b, const rt_column *col)
{
	if (user_type(col->type))
		rt_buf_addf(b, "%s.", col->type.schema);
	rt_buf_adds(b, col->type.name);
	rt_buf_adds(b, col->not_null ? " NOT NULL" : " NULL");
}

/* FROM the attributes of table schema.name (with their types' rows when
 * types), WHERE ... */
static void pg_attr_from(rt_buf *b, const checker *c, const char *schema,
			 const char *table, bool types)
{
	rt_buf_adds(b,
		    "FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class "
		    "c ON c.oid = a.attrelid JOIN pg_catalog.pg_namespace n "
		    "ON n.oid = c.relnamespace ");
	if (types)
		rt_buf_adds(b, "JOIN pg_catalog.pg_type t ON t.oid = "
			       "a.atttypid JOIN pg_catalog.pg_namespace tn ON "
			       "tn.oid = t.typnamespace ");
	rt_buf_adds(b, "WHERE n.nspname = ");
	lit(b, c, schema);
	rt_buf_adds(b, " AND c.relname = ");
	lit(b, c, table);
	rt_buf_adds(b, " AND a.attnum > 0 AND NOT a.attisdropped");
}

/* A relation that is part of another object (pg_depend's internal
 * dependency): the index behind a key (of the constraint), an identity's
 * sequence (of its column). Not what a stand-alone index or sequence of
 * the same name is. */
#define PG_NOT_INTERNAL                                                        \
	" AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE "         \
	"d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND "          \
	"d.objid = c.oid AND d.deptype = 'i')"

/* FROM pg_class of the relation schema.name of one of relkinds */
static void pg_rel_from(rt_buf *b, const checker *c, const char *schema,
			const char *name, const char *relkinds)
{
	rt_buf_adds(b,
		    "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace "
		    "n ON n.oid = c.relnamespace WHERE n.nspname = ");
	lit(b, c, schema);
	rt_buf_adds(b, " AND c.relname = ");
	lit(b, c, name);
	rt_buf_addf(b, " AND c.relkind IN (%s)", relkinds);
}

static int name_cmp(const void *x, const void *y)
{
	const rt_column *p = *(const rt_column *const *)x;
	const rt_column *q = *(const rt_column *const *)y;
	return strcmp(p->name, q->name);
}

/* The columns sorted by name (byte order, as COLLATE "C" sorts). */
static const rt_column **sorted_columns(checker *c, const rt_table *t)
{
	const rt_column **cols =
	    rt_arena_alloc(c->a, (t->columns.len + 1) * sizeof(*cols));
	for (size_t i = 0; i < t->columns.len; i++)
		cols[i] = t->columns.items[i];
	qsort(cols, t->columns.len, sizeof(*cols), name_cmp);
	return cols;
}

static void pg_constraint(checker *c, const rt_table *t, const rt_constraint *k,
			  const char *name)
{
	rt_buf from = RT_BUF_INIT;
	const char *who =
	    shown(c, t ? t->schema : NULL, t ? t->name : NULL, name);

	rt_buf_adds(&from, "FROM pg_catalog.pg_constraint k JOIN "
			   "pg_catalog.pg_class c ON c.oid = k.conrelid JOIN "
			   "pg_catalog.pg_namespace n ON n.oid = "
			   "c.relnamespace WHERE n.nspname = ");
	lit(&from, c, t->schema);
	rt_buf_adds(&from, " AND c.relname = ");
	lit(&from, c, t->name);
	rt_buf_adds(&from, " AND k.conname = ");
	lit(&from, c, name);
	if (!k) {
		emit_rows(c, from.data, 0,
			  rt_arena_printf(c->a, "constraint %s is gone", who));
	} else {
		rt_buf_addf(&from, " AND k.contype = '%c'", (char)k->type);
		emit_true(
		    c, k->not_valid ? "NOT k.convalidated" : "k.convalidated",
		    from.data,
		    rt_arena_printf(c->a, "constraint %s exists%s", who,
				    k->not_valid ? ", not validated"
						 : " and is validated"));
	}
	rt_buf_release(&from);
}

static void pg_table(checker *c, const subject *s, const rt_table *t)
{
	rt_buf from = RT_BUF_INIT, val = RT_BUF_INIT, expr = RT_BUF_INIT;
	const char *who = shown(c, s->schema, NULL, s->name);
	bool user = false;

	if (!t) {
		pg_rel_from(&from, c, s->schema, s->name, "'r', 'p'");
		emit_rows(c, from.data, 0,
			  rt_arena_printf(c->a, "table %s is gone", who));
		goto done;
	}
	pg_rel_from(&from, c, s->schema, s->name, "'r', 'p'");
	rt_buf_addch(&val, (char)(t->relkind ? t->relkind : RT_REL_TABLE));
	emit_value(c, "c.relkind", from.data, val.data,
		   rt_arena_printf(c->a, "table %s exists", who));
	if (t->columns.len) {
		const rt_column **cols = sorted_columns(c, t);
		rt_buf_reset(&val);
		for (size_t i = 0; i < t->columns.len; i++) {
			user |= user_type(cols[i]->type);
			rt_buf_addf(&val, "%s%s ", i ? ", " : "",
				    cols[i]->name);
			pg_column_value(&val, cols[i]);
		}
		rt_buf_reset(&from);
		pg_attr_from(&from, c, s->schema, s->name, user);
		rt_buf_addf(&expr,
			    "pg_catalog.string_agg(a.attname || ' ' || %s || "
			    "%s, ', ' ORDER BY a.attname COLLATE \"C\")",
			    user ? PG_TYPE_USER : PG_TYPE_PLAIN, PG_NULLS);
		emit_value(c, expr.data, from.data, val.data,
			   rt_arena_printf(c->a,
					   "table %s has its columns, types "
					   "and nullability",
					   who));
	}
	for (size_t i = 0; i < t->constraints.len; i++) {
		const rt_constraint *k = t->constraints.items[i];
		if (k->is_local)
			pg_constraint(c, t, k, k->name);
	}
done:
	rt_buf_release(&from);
	rt_buf_release(&val);
	rt_buf_release(&expr);
}

static void pg_column(checker *c, const subject *s, const rt_column *col)
{
	rt_buf from = RT_BUF_INIT, val = RT_BUF_INIT, expr = RT_BUF_INIT;
	const char *who = shown(c, s->schema, s->table, s->name);
	bool user = col && user_type(col->type);

	pg_attr_from(&from, c, s->schema, s->table, user || s->retyped);
	rt_buf_adds(&from, " AND a.attname = ");
	lit(&from, c, s->name);
	if (!col) {
		emit_rows(c, from.data, 0,
			  rt_arena_printf(c->a, "column %s is gone", who));
		goto done;
	}
	pg_column_value(&val, col);
	rt_buf_addf(&expr, "%s || %s", user ? PG_TYPE_USER : PG_TYPE_PLAIN,
		    PG_NULLS);
	emit_value(c, expr.data, from.data, val.data,
		   rt_arena_printf(c->a, "column %s is %s", who, val.data));
	if (!s->retyped)
		goto done;
	if (col->collation.name) {
		rt_buf_reset(&from);
		pg_attr_from(&from, c, s->schema, s->table, false);
		rt_buf_adds(&from, " AND a.attname = ");
		lit(&from, c, s->name);
		/* the join on the collation goes before WHERE */
		rt_buf_reset(&expr);
		rt_buf_adds(&expr,
			    "FROM pg_catalog.pg_attribute a JOIN "
			    "pg_catalog.pg_class c ON c.oid = a.attrelid JOIN "
			    "pg_catalog.pg_namespace n ON n.oid = "
			    "c.relnamespace JOIN pg_catalog.pg_collation co ON "
			    "co.oid = a.attcollation JOIN "
			    "pg_catalog.pg_namespace cn ON cn.oid = "
			    "co.collnamespace");
		rt_buf_adds(&expr, strstr(from.data, " WHERE "));
		rt_buf_reset(&val);
		rt_buf_addf(&val, "%s.%s", col->collation.schema,
			    col->collation.name);
		emit_value(c, "cn.nspname || '.' || co.collname", expr.data,
			   val.data,
			   rt_arena_printf(c->a, "column %s has collation %s",
					   who, val.data));
	} else {
		emit_true(c, "a.attcollation = t.typcollation", from.data,
			  rt_arena_printf(
			      c->a, "column %s has its type's collation", who));
	}
done:
	rt_buf_release(&from);
	rt_buf_release(&val);
	rt_buf_release(&expr);
}

static void pg_index(checker *c, const subject *s, const rt_index *x)
{
	rt_buf from = RT_BUF_INIT;
	const char *who = shown(c, s->schema, NULL, s->name);

	if (!x) {
		pg_rel_from(&from, c, s->schema, s->name, "'i', 'I'");
		rt_buf_adds(&from, PG_NOT_INTERNAL);
		emit_rows(c, from.data, 0,
			  rt_arena_printf(c->a, "index %s is gone", who));
		rt_buf_release(&from);
		return;
	}
	rt_buf_adds(&from,
		    "FROM pg_catalog.pg_index x JOIN pg_catalog.pg_class "
		    "i ON i.oid = x.indexrelid JOIN pg_catalog.pg_class c "
		    "ON c.oid = x.indrelid JOIN pg_catalog.pg_namespace "
		    "n ON n.oid = i.relnamespace JOIN "
		    "pg_catalog.pg_namespace tn ON tn.oid = "
		    "c.relnamespace WHERE n.nspname = ");
	lit(&from, c, s->schema);
	rt_buf_adds(&from, " AND i.relname = ");
	lit(&from, c, s->name);
	rt_buf_adds(&from, " AND tn.nspname = ");
	lit(&from, c, x->table.schema);
	rt_buf_adds(&from, " AND c.relname = ");
	lit(&from, c, x->table.name);
	rt_buf_adds(&from, " AND NOT EXISTS (SELECT 1 FROM "
			   "pg_catalog.pg_depend d WHERE d.classid = "
			   "'pg_catalog.pg_class'::pg_catalog.regclass AND "
			   "d.objid = i.oid AND d.deptype = 'i')");
	emit_true(
	    c,
	    x->unique ? "x.indisvalid AND x.indisunique"
		      : "x.indisvalid AND NOT x.indisunique",
	    from.data,
	    rt_arena_printf(c->a, "%sindex %s exists on %s and is valid",
			    x->unique ? "unique " : "", who,
			    shown(c, x->table.schema, NULL, x->table.name)));
	rt_buf_release(&from);
}

static void pg_other(checker *c, const subject *s)
{
	rt_buf from = RT_BUF_INIT, val = RT_BUF_INIT;
	const char *who = shown(c, s->schema, NULL, s->name);
	const rt_object *o = NULL;

	switch (s->kind) {
	case SUB_SCHEMA:
		o = rt_schema_find(c->to, RT_KIND_NAMESPACE, NULL, s->name);
		rt_buf_adds(&from, "FROM pg_catalog.pg_namespace WHERE "
				   "nspname = ");
		lit(&from, c, s->name);
		emit_rows(c, from.data, o ? 1 : 0,
			  rt_arena_printf(c->a, "schema %s %s", who,
					  o ? "exists" : "is gone"));
		break;
	case SUB_SEQUENCE:
		o = rt_schema_find(c->to, RT_KIND_SEQUENCE, s->schema, s->name);
		pg_rel_from(&from, c, s->schema, s->name, "'S'");
		rt_buf_adds(&from, PG_NOT_INTERNAL);
		emit_rows(c, from.data, o ? 1 : 0,
			  rt_arena_printf(c->a, "sequence %s %s", who,
					  o ? "exists" : "is gone"));
		break;
	case SUB_VIEW: {
		const rt_view *v =
		    rt_schema_find_view(c->to, s->schema, s->name);
		pg_rel_from(&from, c, s->schema, s->name, "'v', 'm'");
		if (!v) {
			emit_rows(
			    c, from.data, 0,
			    rt_arena_printf(c->a, "view %s is gone", who));
			break;
		}
		emit_value(
		    c, "c.relkind", from.data, v->materialized ? "m" : "v",
		    rt_arena_printf(
			c->a, "%s %s exists",
			v->materialized ? "materialized view" : "view", who));
		break;
	}
	case SUB_ENUM: {
		const rt_enum *e = (const rt_enum *)rt_schema_find(
		    c->to, RT_KIND_ENUM, s->schema, s->name);
		rt_buf_adds(&from, "FROM pg_catalog.pg_type t JOIN "
				   "pg_catalog.pg_namespace n ON n.oid = "
				   "t.typnamespace WHERE n.nspname = ");
		lit(&from, c, s->schema);
		rt_buf_adds(&from, " AND t.typname = ");
		lit(&from, c, s->name);
		if (!e) {
			emit_rows(
			    c, from.data, 0,
			    rt_arena_printf(c->a, "type %s is gone", who));
			break;
		}
		for (size_t i = 0; i < e->labels.len; i++)
			rt_buf_addf(&val, "%s%s", i ? ", " : "",
				    (const char *)e->labels.items[i]);
		emit_value(
		    c,
		    "(SELECT pg_catalog.string_agg(l.enumlabel, ', ' "
		    "ORDER BY l.enumsortorder) FROM pg_catalog.pg_enum l "
		    "WHERE l.enumtypid = t.oid)",
		    from.data, val.data,
		    rt_arena_printf(c->a, "enum %s has its labels in order",
				    who));
		break;
	}
	case SUB_TRIGGER:
	case SUB_POLICY: {
		bool trg = s->kind == SUB_TRIGGER;
		rt_kind k = trg ? RT_KIND_TRIGGER : RT_KIND_POLICY;
		o = rt_schema_find_on(c->to, k, s->schema, s->table, s->name);
		who = rt_arena_printf(c->a, "%s on %s",
				      shown(c, NULL, NULL, s->name),
				      shown(c, s->schema, NULL, s->table));
		rt_buf_addf(
		    &from,
		    trg ? "FROM pg_catalog.pg_trigger g JOIN "
			  "pg_catalog.pg_class c ON c.oid = g.tgrelid "
			: "FROM pg_catalog.pg_policy g JOIN "
			  "pg_catalog.pg_class c ON c.oid = g.polrelid ");
		rt_buf_adds(&from, "JOIN pg_catalog.pg_namespace n ON n.oid = "
				   "c.relnamespace WHERE n.nspname = ");
		lit(&from, c, s->schema);
		rt_buf_adds(&from, " AND c.relname = ");
		lit(&from, c, s->table);
		rt_buf_addf(&from, " AND g.%s = ", trg ? "tgname" : "polname");
		lit(&from, c, s->name);
		if (trg)
			rt_buf_adds(&from, " AND NOT g.tgisinternal");
		if (!o) {
			emit_rows(c, from.data, 0,
				  rt_arena_printf(c->a, "%s %s is gone",
						  trg ? "trigger" : "policy",
						  who));
		} else if (trg) {
			char e[2] = {((const rt_trigger *)o)->enabled, 0};
			if (!e[0])
				e[0] = 'O';
			emit_value(c, "g.tgenabled", from.data, e,
				   rt_arena_printf(c->a,
						   "trigger %s exists, enabled "
						   "'%s'",
						   who, e));
		} else {
			emit_rows(
			    c, from.data, 1,
			    rt_arena_printf(c->a, "policy %s exists", who));
		}
		break;
	}
	default:
		RT_ASSERT(!"not another subject");
	}
	rt_buf_release(&from);
	rt_buf_release(&val);
}

static void pg_subject(checker *c, const subject *s)
{
	const rt_table *t;

	switch (s->kind) {
	case SUB_TABLE:
		pg_table(c, s, rt_schema_find_table(c->to, s->schema, s->name));
		return;
	case SUB_COLUMN:
		t = rt_schema_find_table(c->to, s->schema, s->table);
		if (t)
			pg_column(c, s, rt_table_find_column(t, s->name));
		return;
	case SUB_CONSTRAINT:
		t = rt_schema_find_table(c->to, s->schema, s->table);
		if (t)
			pg_constraint(c, t,
				      rt_table_find_constraint(t, s->name),
				      s->name);
		return;
	case SUB_INDEX:
		pg_index(c, s,
			 (const rt_index *)rt_schema_find(c->to, RT_KIND_INDEX,
							  s->schema, s->name));
		return;
	default:
		pg_other(c, s);
		return;
	}
}

/* ---- SQLite ---- */

/* SQLite prints the types it knows upper-cased (INTEGER, TEXT) and others
 * as declared; the model's are rt_sqlite_type_norm's, upper-cased */
#define SQLITE_COLUMN                                                          \
	"trim(upper(type) || CASE WHEN \"notnull\" THEN ' NOT NULL' ELSE "     \
	"' NULL' END)"

static void sqlite_column_value(rt_buf *b, const rt_column *col)
{
	if (col->type.name && *col->type.name) {
		rt_buf_adds(b, col->type.name);
		rt_buf_addch(b, ' ');
	}
	rt_buf_adds(b, col->not_null ? "NOT NULL" : "NULL");
}

/* FROM pragma_table_xinfo(table, schema) WHERE hidden <> 1 (generated
 * columns are listed, the hidden columns of virtual tables not) */
static void sqlite_columns_from(rt_buf *b, const checker *c, const char *schema,
				const char *table)
{
	rt_buf_adds(b, "FROM pragma_table_xinfo(");
	lit(b, c, table);
	rt_buf_adds(b, ", ");
	lit(b, c, schema);
	rt_buf_adds(b, ") WHERE hidden <> 1");
}

static void sqlite_master_from(rt_buf *b, const checker *c, const char *schema,
			       const char *type, const char *name)
{
	rt_buf_adds(b, "FROM ");
	rt_buf_add_ident(b, c->d, schema);
	rt_buf_addf(b, ".sqlite_schema WHERE type = '%s' AND name = ", type);
	lit(b, c, name);
}

static void sqlite_table(checker *c, const subject *s, const rt_table *t)
{
	rt_buf from = RT_BUF_INIT, val = RT_BUF_INIT, expr = RT_BUF_INIT;
	const char *who = shown(c, s->schema, NULL, s->name);

	sqlite_master_from(&from, c, s->schema, "table", s->name);
	emit_rows(c, from.data, t ? 1 : 0,
		  rt_arena_printf(c->a, "table %s %s", who,
				  t ? "exists" : "is gone"));
	if (t && t->columns.len) {
		const rt_column **cols = sorted_columns(c, t);
		for (size_t i = 0; i < t->columns.len; i++) {
			rt_buf_addf(&val, "%s%s ", i ? ", " : "",
				    cols[i]->name);
			sqlite_column_value(&val, cols[i]);
		}
		rt_buf_reset(&from);
		/* group_concat follows the subquery's order */
		rt_buf_adds(&from, "FROM (SELECT name, type, \"notnull\" ");
		sqlite_columns_from(&from, c, s->schema, s->name);
		rt_buf_adds(&from, " ORDER BY name)");
		rt_buf_addf(&expr, "group_concat(name || ' ' || %s, ', ')",
			    SQLITE_COLUMN);
		emit_value(c, expr.data, from.data, val.data,
			   rt_arena_printf(c->a,
					   "table %s has its columns, types "
					   "and nullability",
					   who));
	}
	rt_buf_release(&from);
	rt_buf_release(&val);
	rt_buf_release(&expr);
}

static void sqlite_subject(checker *c, const subject *s)
{
	rt_buf from = RT_BUF_INIT, val = RT_BUF_INIT;
	const char *who = shown(c, s->schema, s->table, s->name);
	const rt_table *t;

	switch (s->kind) {
	case SUB_TABLE:
		sqlite_table(c, s,
			     rt_schema_find_table(c->to, s->schema, s->name));
		break;
	case SUB_COLUMN: {
		const rt_column *col;
		t = rt_schema_find_table(c->to, s->schema, s->table);
		if (!t)
			break;
		col = rt_table_find_column(t, s->name);
		sqlite_columns_from(&from, c, s->schema, s->table);
		rt_buf_adds(&from, " AND name = ");
		lit(&from, c, s->name);
		if (!col) {
			emit_rows(
			    c, from.data, 0,
			    rt_arena_printf(c->a, "column %s is gone", who));
			break;
		}
		sqlite_column_value(&val, col);
		emit_value(
		    c, SQLITE_COLUMN, from.data, val.data,
		    rt_arena_printf(c->a, "column %s is %s", who, val.data));
		break;
	}
	case SUB_INDEX: {
		const rt_index *x = (const rt_index *)rt_schema_find(
		    c->to, RT_KIND_INDEX, s->schema, s->name);
		if (!x) {
			sqlite_master_from(&from, c, s->schema, "index",
					   s->name);
			emit_rows(
			    c, from.data, 0,
			    rt_arena_printf(c->a, "index %s is gone", who));
			break;
		}
		rt_buf_adds(&from, "FROM pragma_index_list(");
		lit(&from, c, x->table.name);
		rt_buf_adds(&from, ", ");
		lit(&from, c, s->schema);
		rt_buf_adds(&from, ") WHERE name = ");
		lit(&from, c, s->name);
		emit_value(c, "\"unique\"", from.data, x->unique ? "1" : "0",
			   rt_arena_printf(
			       c->a, "%sindex %s exists on %s",
			       x->unique ? "unique " : "", who,
			       shown(c, x->table.schema, NULL, x->table.name)));
		break;
	}
	case SUB_TRIGGER:
	case SUB_VIEW: {
		bool trg = s->kind == SUB_TRIGGER;
		const rt_object *o =
		    trg ? rt_schema_find_on(c->to, RT_KIND_TRIGGER, s->schema,
					    s->table, s->name)
			: (const rt_object *)rt_schema_find_view(
			      c->to, s->schema, s->name);
		sqlite_master_from(&from, c, s->schema,
				   trg ? "trigger" : "view", s->name);
		if (trg) {
			rt_buf_adds(&from, " AND tbl_name = ");
			lit(&from, c, s->table);
		}
		emit_rows(c, from.data, o ? 1 : 0,
			  rt_arena_printf(c->a, "%s %s %s",
					  trg ? "trigger" : "view",
					  shown(c, s->schema, NULL, s->name),
					  o ? "exists" : "is gone"));
		break;
	}
	default:
		/* SQLite has no schemas, sequences or enums, and does not
		 * name its constraints in any catalog */
		break;
	}
	rt_buf_release(&from);
	rt_buf_release(&val);
}

int rt_render_checks(rt_vec *out, rt_arena *a, rt_dialect d,
		     const rt_vec *steps, const rt_schema *to, rt_error *err)
{
	checker c = {.a = a, .d = d, .to = to, .out = out, .key = RT_BUF_INIT};

	if (d != RT_DIALECT_PG && d != RT_DIALECT_SQLITE)
		return rt_errorf(err, RT_EUSAGE,
				 "cannot write checks for dialect %d", (int)d);
	for (size_t i = 0; i < steps->len; i++)
		touch_step(&c, steps->items[i]);
	for (size_t i = 0; i < c.subjects.len; i++) {
		const subject *s = c.subjects.items[i];
		if ((s->kind == SUB_COLUMN || s->kind == SUB_CONSTRAINT) &&
		    table_is_subject(&c, s))
			continue;
		c.cur = s;
		if (d == RT_DIALECT_PG)
			pg_subject(&c, s);
		else
			sqlite_subject(&c, s);
	}
	rt_buf_release(&c.key);
	return 0;
}
