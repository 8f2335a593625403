/* SPDX-License-Identifier: MIT */
/*
 * SQLite SQL for steps (https://www.sqlite.org/lang_altertable.html, as
 * SQLite 3.40 has it). SQLite's ALTER TABLE can rename, add a column and
 * drop a column, each within limits; everything else on an existing table
 * is the documented twelve-step rebuild ("Making Other Kinds Of Table
 * Schema Changes"), which this file writes once per table, at the place
 * of the table's first step, from the target schema's definition.
 *
 * Names are qualified with "main" where SQLite's grammar takes a schema
 * (CREATE / DROP / ALTER TABLE, CREATE / DROP INDEX, DROP VIEW / TRIGGER,
 * INSERT, FROM) and bare where it does not (a foreign key's table, the
 * table of CREATE INDEX ... ON, RENAME TO). A SQLite schema's one
 * namespace is "main", which always exists: no CREATE / DROP SCHEMA.
 *
 * Why the rebuild is safe inside the runner's transaction. The procedure
 * wants PRAGMA foreign_keys=OFF around it, and that pragma is a no-op
 * inside a transaction. It does not need to change: the runner's SQLite
 * connection (runner_sqlite.c) never turns foreign keys on, and SQLite
 * starts with them off, so DROP TABLE does no implicit DELETE (no cascade,
 * no SET NULL in the tables that reference the dropped one) and the new
 * table, renamed to the old name, takes over their references. Should a
 * connection enforce them after all, a check returns a row and the
 * migration is rolled back whole, cascades included. That the rows fit
 * the new constraints is checked the way the procedure says, with PRAGMA
 * foreign_key_check of the table and of the tables that reference it, as
 * RT_STMT_CHECK statements: a runner runs them after the migration's
 * statements, in its transaction, and fails the migration when they
 * return rows; NOT NULL, CHECK and UNIQUE are checked by the INSERT that
 * copies the rows, which fails. Views and triggers that name the table
 * are dropped before the old table and created again after the rename:
 * ALTER TABLE ... RENAME checks every view and trigger of the schema and
 * fails on one that names a missing table.
 */
#include "base/common.h"
#include "base/map.h"
#include "base/sql.h"
#include "diff/diff.h"
#include "render/render.h"
#include "render/render_int.h"

#define SQ	    RT_DIALECT_SQLITE
#define NEW_PREFIX  "_retort_new_"
#define SQLITE_MAIN "main"

typedef struct ctx {
	rt_arena *a;
	rt_vec *out;
	const rt_vec *steps;
	const rt_schema *from, *to;
	rt_error *err;
	/* table name -> the first step on it (rt_step *) */
	rt_map first;
	/* table name -> the same pointer: tables created by a step */
	rt_map created;
	/* table name -> the same pointer: tables dropped by a step */
	rt_map dropped;
	/* table name -> the same pointer: tables the steps rebuild */
	rt_map rebuilt;
	/* a table name in ASCII lower case (strcasecmp's folding) -> rt_vec
	 * of FROM's foreign keys referencing it / FROM's indexes on it:
	 * built on the first DROP COLUMN check, so each check reads only
	 * its table's (1,000 dropped columns: no scan of every table) */
	rt_map fks_to, indexes_on;
	bool by_table;
	rt_buf b;
} ctx;

/* ---- names and tokens ---- */

static void ident(rt_buf *b, const char *name)
{
	rt_buf_add_ident(b, SQ, name);
}

static void qname(rt_buf *b, const char *name)
{
	rt_buf_add_qname(b, SQ, SQLITE_MAIN, name);
}

static void ident_list(rt_buf *b, const rt_vec *v)
{
	rt_buf_addch(b, '(');
	for (size_t i = 0; i < v->len; i++) {
		if (i)
			rt_buf_adds(b, ", ");
		ident(b, v->items[i]);
	}
	rt_buf_addch(b, ')');
}

/* One token of SQLite text. */
typedef enum tok_kind {
	TOK_END,
	TOK_WORD,   /* a bare word: keyword or identifier */
	TOK_QUOTED, /* "x", `x` or [x]: an identifier */
	TOK_STRING, /* 'x' */
	TOK_OTHER,  /* anything else, one character */
} tok_kind;

typedef struct tok {
	tok_kind kind;
	const char *p; /* the token as written */
	size_t len;
} tok;

static bool word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '$' ||
	       (unsigned char)c >= 0x80;
}

/* The token at *pp, skipping blanks and comments; *pp moves past it. */
static tok next_tok(const char **pp)
{
	const char *p = rt_sqlite_skip_blanks(*pp);
	tok t = {TOK_END, p, 0};

	if (!*p) {
		*pp = p;
		return t;
	}
	if (*p == '"' || *p == '`' || *p == '\'' || *p == '[') {
		const char *q = rt_sqlite_quoted_end(p);
		t.kind = *p == '\'' ? TOK_STRING : TOK_QUOTED;
		t.len = (size_t)(q - p);
	} else if (word_char(*p)) {
		const char *q = p;
		while (word_char(*q))
			q++;
		t.kind = TOK_WORD;
		t.len = (size_t)(q - p);
	} else {
		t.kind = TOK_OTHER;
		t.len = 1;
	}
	*pp = p + t.len;
	return t;
}

/* The identifier a word or quoted token names, unquoted, in arena a. */
static const char *tok_name(rt_arena *a, tok t)
{
	rt_buf b = RT_BUF_INIT;
	char *s;

	if (t.kind != TOK_QUOTED)
		return rt_arena_strndup(a, t.p, t.len);
	for (size_t i = 1; i + 1 < t.len; i++) {
		rt_buf_addch(&b, t.p[i]);
		if (t.p[0] != '[' && t.p[i] == t.p[0])
			i++; /* a doubled quote */
	}
	s = rt_arena_strdup(a, b.data ? b.data : "");
	rt_buf_release(&b);
	return s;
}

/* true when the token names the identifier name (SQLite compares
 * identifiers without regard to ASCII case). */
static bool tok_names(rt_arena *a, tok t, const char *name)
{
	if (t.kind == TOK_WORD)
		return strlen(name) == t.len &&
		       strncasecmp(t.p, name, t.len) == 0;
	if (t.kind == TOK_QUOTED)
		return strcasecmp(tok_name(a, t), name) == 0;
	return false;
}

static bool tok_is(tok t, const char *word)
{
	return t.kind == TOK_WORD && strlen(word) == t.len &&
	       strncasecmp(t.p, word, t.len) == 0;
}

/* true when text names identifier name anywhere (a word or a quoted
 * identifier; strings and comments do not count). Errs on the side of
 * yes: a column and a table of one name are both "named". */
static bool mentions(rt_arena *a, const char *text, const char *name)
{
	const char *p = text;
	tok t;

	if (!text)
		return false;
	while ((t = next_tok(&p)).kind != TOK_END)
		if (tok_names(a, t, name))
			return true;
	return false;
}

/* ---- views and triggers kept as unmanaged objects ---- */

typedef struct dependent {
	const rt_unmanaged *u;
	bool view; /* else a trigger */
	bool taken;
	const char *name;
} dependent;

/* Reads "CREATE [TEMP] VIEW|TRIGGER [IF NOT EXISTS] [schema.]name" from
 * u->sql; false when it is neither. */
static bool read_dependent(dependent *d, rt_arena *a, const rt_unmanaged *u)
{
	const char *p = u->sql;
	tok t;

	if (!p || !tok_is(next_tok(&p), "CREATE"))
		return false;
	t = next_tok(&p);
	if (tok_is(t, "TEMP") || tok_is(t, "TEMPORARY"))
		t = next_tok(&p);
	if (tok_is(t, "VIEW"))
		d->view = true;
	else if (tok_is(t, "TRIGGER"))
		d->view = false;
	else
		return false;
	t = next_tok(&p);
	if (tok_is(t, "IF")) {
		next_tok(&p); /* NOT */
		next_tok(&p); /* EXISTS */
		t = next_tok(&p);
	}
	if (t.kind != TOK_WORD && t.kind != TOK_QUOTED)
		return false;
	{
		const char *q = p;
		tok dot = next_tok(&q);
		if (dot.kind == TOK_OTHER && *dot.p == '.') {
			t = next_tok(&q);
			if (t.kind != TOK_WORD && t.kind != TOK_QUOTED)
				return false;
		}
	}
	d->u = u;
	d->name = tok_name(a, t);
	return true;
}

/* The views and triggers of from that name table, or in turn a view
 * among them (a view on a view): what the rebuild drops and creates
 * again, in from's order. */
static void dependents(rt_vec *out, ctx *c, const char *table)
{
	rt_vec names = {0}, all = {0};
	bool grew = true;

	rt_vec_push(&names, c->a, (void *)table);
	/* a table renamed in the plan: its views' text (from's) says the
	 * old name, which SQLite's rename has rewritten in the database */
	for (size_t i = 0; i < c->steps->len; i++) {
		const rt_step *st = c->steps->items[i];
		if (st->op == RT_OP_RENAME_TABLE &&
		    strcasecmp(st->change->rename->new_name, table) == 0)
			rt_vec_push(&names, c->a,
				    (void *)st->change->rename->name);
	}
	for (size_t i = 0; c->from && i < c->from->unmanaged.len; i++) {
		dependent *d = RT_NEW(c->a, dependent);
		if (read_dependent(d, c->a, c->from->unmanaged.items[i]))
			rt_vec_push(&all, c->a, d);
	}
	while (grew) {
		grew = false;
		for (size_t i = 0; i < all.len; i++) {
			dependent *d = all.items[i];
			for (size_t j = 0; !d->taken && j < names.len; j++) {
				if (!mentions(c->a, d->u->sql, names.items[j]))
					continue;
				if (d->view)
					rt_vec_push(&names, c->a,
						    (void *)d->name);
				d->taken = grew = true;
			}
		}
	}
	for (size_t i = 0; i < all.len; i++)
		if (((dependent *)all.items[i])->taken)
			rt_vec_push(out, c->a, all.items[i]);
}

/* The text a dependent is created again with: the target's view or
 * trigger of its name when there is one (it names renamed tables and
 * columns by their new names), else the database's. */
static const char *dependent_sql(ctx *c, const dependent *d)
{
	for (size_t i = 0; i < c->to->unmanaged.len; i++) {
		dependent t;
		if (read_dependent(&t, c->a, c->to->unmanaged.items[i]) &&
		    t.view == d->view && strcasecmp(t.name, d->name) == 0)
			return t.u->sql;
	}
	return d->u->sql;
}

/* ---- definitions ---- */

/* true when a default's text is one SQLite takes in ADD COLUMN: a
 * number, a string or blob literal, NULL, TRUE or FALSE (not
 * CURRENT_TIMESTAMP and the like, not an expression). */
static bool constant_default(const char *text)
{
	const char *p = text;
	tok t = next_tok(&p), end;

	if (t.kind == TOK_OTHER && (*t.p == '-' || *t.p == '+'))
		t = next_tok(&p);
	if (t.kind == TOK_OTHER && *t.p == '.') { /* .5 */
		t = next_tok(&p);
		if (t.kind != TOK_WORD || t.p[0] < '0' || t.p[0] > '9')
			return false;
	}
	end = next_tok(&p);
	if (t.kind == TOK_WORD && t.p[0] >= '0' && t.p[0] <= '9') {
		/* 1, 1.5, 1e10, 0x1F: digits, then a fraction or exponent */
		while (end.kind == TOK_OTHER &&
		       (*end.p == '.' || *end.p == '-' || *end.p == '+')) {
			end = next_tok(&p);
			if (end.kind == TOK_WORD)
				end = next_tok(&p);
		}
		return end.kind == TOK_END;
	}
	if (end.kind != TOK_END)
		return false;
	if (t.kind == TOK_STRING)
		return true;
	return tok_is(t, "NULL") || tok_is(t, "TRUE") || tok_is(t, "FALSE");
}

/* true when a default's text is the NULL literal */
static bool null_default(const char *text)
{
	const char *p = text;
	return tok_is(next_tok(&p), "NULL") && next_tok(&p).kind == TOK_END;
}

/* true when text is one parenthesised group "( ... )" */
static bool parenthesised(const char *text)
{
	const char *p = text;
	int depth = 0;
	tok t = next_tok(&p);

	if (t.kind != TOK_OTHER || *t.p != '(')
		return false;
	depth = 1;
	while ((t = next_tok(&p)).kind != TOK_END) {
		if (t.kind == TOK_OTHER && *t.p == '(')
			depth++;
		else if (t.kind == TOK_OTHER && *t.p == ')' && --depth == 0)
			return next_tok(&p).kind == TOK_END;
	}
	return false;
}

static bool is_blob_literal(const char *text)
{
	const char *p = text;
	tok t = next_tok(&p);
	if (t.kind != TOK_WORD || t.len != 1 || (*t.p != 'x' && *t.p != 'X'))
		return false;
	if (*p != '\'')
		return false;
	t = next_tok(&p);
	return t.kind == TOK_STRING && next_tok(&p).kind == TOK_END;
}

/* DEFAULT's operand: literals and CURRENT_TIME / _DATE / _TIMESTAMP as
 * they are, any other expression in parentheses (SQLite's grammar). */
static void default_value(rt_buf *b, const char *text)
{
	const char *p = text;
	tok t = next_tok(&p);
	bool keyword =
	    (tok_is(t, "CURRENT_TIME") || tok_is(t, "CURRENT_DATE") ||
	     tok_is(t, "CURRENT_TIMESTAMP")) &&
	    next_tok(&p).kind == TOK_END;

	if (constant_default(text) || is_blob_literal(text) || keyword ||
	    parenthesised(text))
		rt_buf_adds(b, text);
	else
		rt_buf_addf(b, "(%s)", text);
}

static int unsupported(ctx *c, const char *what, const char *obj)
{
	rt_errorf(c->err, RT_EUSAGE, "%s: SQLite cannot have %s", obj, what);
	rt_error_object(c->err, obj);
	return -1;
}

static const char *col_path(ctx *c, const rt_column *col)
{
	return rt_arena_printf(c->a, "%s.%s.%s", col->table->schema,
			       col->table->name, col->name);
}

/* A VIRTUAL generated column: the SQLite loader ends its key so (the
 * model's generated columns are STORED otherwise). */
static bool is_virtual(const rt_column *col)
{
	const char *k = col->generated ? col->generated->key : NULL;
	size_t n = k ? strlen(k) : 0;
	return n >= 8 && strcmp(k + n - 8, " VIRTUAL") == 0;
}

static int column_def(ctx *c, rt_buf *b, const rt_column *col)
{
	if (col->identity)
		return unsupported(c, "an identity column", col_path(c, col));
	if (!rt_is_catalog(col->type.schema))
		return unsupported(c, "a user-defined type", col_path(c, col));
	ident(b, col->name);
	if (col->type.name && *col->type.name)
		rt_buf_addf(b, " %s", col->type.name);
	if (col->collation.name) {
		rt_buf_adds(b, " COLLATE ");
		ident(b, col->collation.name);
	}
	if (col->generated)
		rt_buf_addf(b, " GENERATED ALWAYS AS (%s) %s",
			    col->generated->text,
			    is_virtual(col) ? "VIRTUAL" : "STORED");
	if (col->default_expr && !col->generated) {
		rt_buf_adds(b, " DEFAULT ");
		default_value(b, col->default_expr->text);
	}
	if (col->not_null)
		rt_buf_adds(b, " NOT NULL");
	return 0;
}

static const char *fk_action(char a)
{
	switch (a) {
	case 'r':
		return "RESTRICT";
	case 'c':
		return "CASCADE";
	case 'n':
		return "SET NULL";
	case 'd':
		return "SET DEFAULT";
	default:
		return NULL; /* 'a' NO ACTION, the default */
	}
}

static int constraint_def(ctx *c, rt_buf *b, const rt_constraint *k)
{
	const char *act;
	const char *path = rt_arena_printf(c->a, "%s.%s.%s", k->table->schema,
					   k->table->name, k->name);

	if (k->include.len || k->index_options.len || k->nulls_not_distinct)
		return unsupported(
		    c, "INCLUDE, WITH (...) or NULLS NOT DISTINCT on a key",
		    path);
	if (k->on_delete_columns.len)
		return unsupported(c, "ON DELETE SET NULL (columns)", path);
	rt_buf_adds(b, "CONSTRAINT ");
	ident(b, k->name);
	rt_buf_addch(b, ' ');
	switch (k->type) {
	case RT_CON_PRIMARY:
		rt_buf_adds(b, "PRIMARY KEY ");
		ident_list(b, &k->columns);
		break;
	case RT_CON_UNIQUE:
		rt_buf_adds(b, "UNIQUE ");
		ident_list(b, &k->columns);
		break;
	case RT_CON_FOREIGN:
		rt_buf_adds(b, "FOREIGN KEY ");
		ident_list(b, &k->columns);
		rt_buf_adds(b, " REFERENCES ");
		ident(b, k->ref_table.name);
		if (k->ref_columns.len) {
			rt_buf_addch(b, ' ');
			ident_list(b, &k->ref_columns);
		}
		if ((act = fk_action(k->on_update)))
			rt_buf_addf(b, " ON UPDATE %s", act);
		if ((act = fk_action(k->on_delete)))
			rt_buf_addf(b, " ON DELETE %s", act);
		if (k->match == 'f')
			rt_buf_adds(b, " MATCH FULL");
		if (k->deferrable)
			rt_buf_adds(b, k->initially_deferred
					   ? " DEFERRABLE INITIALLY DEFERRED"
					   : " DEFERRABLE INITIALLY IMMEDIATE");
		break;
	case RT_CON_CHECK:
		rt_buf_addf(b, "CHECK (%s)", k->expr ? k->expr->text : "1");
		break;
	case RT_CON_EXCLUDE:
		return unsupported(c, "an exclusion constraint", path);
	}
	return 0;
}

/* CREATE TABLE main.<name> with t's columns and every constraint
 * inline. */
static int create_table(ctx *c, rt_buf *b, const rt_table *t, const char *name)
{
	const char *path = rt_arena_printf(c->a, "%s.%s", t->schema, t->name);
	const rt_constraint *pk = NULL;
	bool autoinc = false, without_rowid = false, strict = false;
	size_t n = 0;

	if (t->relkind != RT_REL_TABLE || t->partition_of.name ||
	    t->inherits.len)
		return unsupported(c, "partitions or inheritance", path);
	if (t->unlogged)
		return unsupported(c, "an unlogged table", path);
	for (size_t i = 0; i < t->options.len; i++) {
		const char *o = t->options.items[i];
		if (rt_streq(o, "autoincrement"))
			autoinc = true;
		else if (rt_streq(o, "without_rowid"))
			without_rowid = true;
		else if (rt_streq(o, "strict"))
			strict = true;
		else
			return unsupported(
			    c, rt_arena_printf(c->a, "the option %s", o), path);
	}
	/* AUTOINCREMENT is a word of a column's own PRIMARY KEY */
	if (autoinc) {
		pk = rt_table_primary_key(t);
		if (!pk || pk->columns.len != 1)
			return unsupported(
			    c, "AUTOINCREMENT without a one-column key", path);
	}
	rt_buf_adds(b, "CREATE TABLE ");
	qname(b, name);
	for (size_t i = 0; i < t->columns.len; i++) {
		const rt_column *col = t->columns.items[i];
		rt_buf_adds(b, n++ ? ",\n    " : " (\n    ");
		if (column_def(c, b, col) < 0)
			return -1;
		if (autoinc &&
		    strcasecmp(col->name, pk->columns.items[0]) == 0) {
			rt_buf_adds(b, " CONSTRAINT ");
			ident(b, pk->name);
			rt_buf_adds(b, " PRIMARY KEY AUTOINCREMENT");
		}
	}
	for (size_t i = 0; i < t->constraints.len; i++) {
		if (autoinc && t->constraints.items[i] == pk)
			continue;
		rt_buf_adds(b, n++ ? ",\n    " : " (\n    ");
		if (constraint_def(c, b, t->constraints.items[i]) < 0)
			return -1;
	}
	if (!n)
		return unsupported(c, "a table without columns", path);
	rt_buf_adds(b, "\n)");
	if (without_rowid)
		rt_buf_adds(b, " WITHOUT ROWID");
	if (strict)
		rt_buf_adds(b, without_rowid ? ", STRICT" : " STRICT");
	return 0;
}

static void create_index(rt_buf *b, const rt_index *ix)
{
	bool unique;
	const char *tail = rt_render__index_tail(ix->def->text, &unique);

	if (!tail) {
		rt_buf_adds(b, ix->def->text);
		rt_render__trim_semicolon(b);
		return;
	}
	/* a PostgreSQL-spelt definition's access method: SQLite has one */
	if (strncasecmp(tail, "USING btree", 11) == 0)
		for (tail += 11; *tail == ' '; tail++)
			;
	rt_buf_adds(b, unique || ix->unique ? "CREATE UNIQUE INDEX "
					    : "CREATE INDEX ");
	qname(b, ix->name);
	rt_buf_adds(b, " ON ");
	ident(b, ix->table.name);
	rt_buf_addch(b, ' ');
	rt_buf_adds(b, tail);
	rt_render__trim_semicolon(b);
}

/* ---- which table a step is on, and whether SQLite can alter it ---- */

static const char *step_table(const rt_step *st)
{
	const void *o = st->target ? st->target : st->object;

	if (!o)
		return NULL;
	switch (st->op) {
	case RT_OP_ADD_COLUMN:
	case RT_OP_DROP_COLUMN:
	case RT_OP_ALTER_COLUMN_TYPE:
	case RT_OP_SET_DEFAULT:
	case RT_OP_DROP_DEFAULT:
	case RT_OP_SET_NOT_NULL:
	case RT_OP_DROP_NOT_NULL:
	case RT_OP_DROP_EXPRESSION:
		return ((const rt_column *)o)->table->name;
	case RT_OP_ADD_CONSTRAINT:
	case RT_OP_DROP_CONSTRAINT:
	case RT_OP_RENAME_CONSTRAINT:
		return ((const rt_constraint *)o)->table->name;
	case RT_OP_CREATE_INDEX:
	case RT_OP_DROP_INDEX:
	case RT_OP_RENAME_INDEX:
		return ((const rt_index *)o)->table.name;
	case RT_OP_SET_TABLE_OPTIONS: /* AUTOINCREMENT, WITHOUT ROWID, STRICT */
		return ((const rt_table *)o)->name;
	default:
		return NULL;
	}
}

static bool in_list(const rt_vec *v, const char *name)
{
	for (size_t i = 0; i < v->len; i++)
		if (strcasecmp(v->items[i], name) == 0)
			return true;
	return false;
}

/* ALTER TABLE ADD COLUMN's limits: no PRIMARY KEY or UNIQUE (those are
 * constraint steps, which rebuild), NOT NULL only with a non-NULL
 * default, a constant default, no STORED generated column. */
static bool add_column_ok(const rt_column *col)
{
	const char *d = col->default_expr ? col->default_expr->text : NULL;

	if (col->generated && !is_virtual(col))
		return false;
	if (d && !constant_default(d) && !is_blob_literal(d))
		return false;
	if (col->not_null && (!d || null_default(d)))
		return false;
	return true;
}

static void by_table_push(ctx *c, rt_map *m, const char *table, void *item)
{
	const char *key = rt_arena_strlower(c->a, table);
	rt_vec *v = rt_map_get(m, key, strlen(key));

	if (!v) {
		v = rt_arena_alloc(c->a, sizeof *v);
		*v = (rt_vec){0};
		rt_map_put(m, c->a, key, strlen(key), v);
	}
	rt_vec_push(v, c->a, item);
}

/* FROM's indexes by their table, FROM's foreign keys by the table they
 * reference (each list in FROM's order) */
static void index_by_table(ctx *c)
{
	for (size_t i = 0; i < c->from->indexes.len; i++) {
		rt_index *ix = c->from->indexes.items[i];
		by_table_push(c, &c->indexes_on, ix->table.name, ix);
	}
	for (size_t i = 0; i < c->from->tables.len; i++) {
		const rt_table *o = c->from->tables.items[i];
		for (size_t j = 0; j < o->constraints.len; j++) {
			rt_constraint *k = o->constraints.items[j];
			if (k->type == RT_CON_FOREIGN)
				by_table_push(c, &c->fks_to, k->ref_table.name,
					      k);
		}
	}
	c->by_table = true;
}

/*
 * ALTER TABLE DROP COLUMN's limits: the column is in no PRIMARY KEY,
 * UNIQUE, foreign key (of the table or referencing it), CHECK, index
 * (key, expression or WHERE), generated column, view or trigger. Names
 * are matched as tokens of the texts, so a doubt rebuilds.
 */
static bool drop_column_ok(ctx *c, const rt_column *col)
{
	const rt_table *t = col->table;
	const char *name = col->name;
	const rt_vec *ixs, *fks;
	const char *key;

	if (col->generated)
		return false;
	for (size_t i = 0; i < t->constraints.len; i++) {
		const rt_constraint *k = t->constraints.items[i];
		if (in_list(&k->columns, name) ||
		    (k->expr && mentions(c->a, k->expr->text, name)))
			return false;
	}
	for (size_t i = 0; i < t->columns.len; i++) {
		const rt_column *o = t->columns.items[i];
		if (o != col && o->generated &&
		    mentions(c->a, o->generated->text, name))
			return false;
	}
	if (!c->by_table)
		index_by_table(c);
	key = rt_arena_strlower(c->a, t->name);
	ixs = rt_map_get(&c->indexes_on, key, strlen(key));
	for (size_t i = 0; ixs && i < ixs->len; i++) {
		const rt_index *ix = ixs->items[i];
		const char *tail;
		bool u;
		tail = rt_render__index_tail(ix->def->text, &u);
		if (mentions(c->a, tail ? tail : ix->def->text, name))
			return false;
	}
	fks = rt_map_get(&c->fks_to, key, strlen(key));
	for (size_t i = 0; fks && i < fks->len; i++) {
		const rt_constraint *k = fks->items[i];
		if (in_list(&k->ref_columns, name) || !k->ref_columns.len)
			return false;
	}
	for (size_t i = 0; i < c->from->unmanaged.len; i++) {
		const rt_unmanaged *u = c->from->unmanaged.items[i];
		if (mentions(c->a, u->sql, name))
			return false;
	}
	return true;
}

static int need_schemas(ctx *c, const char *table)
{
	const char *path = rt_arena_printf(c->a, "%s.%s", SQLITE_MAIN, table);
	rt_errorf(c->err, RT_EUSAGE,
		  "%s: altering a SQLite table needs both schemas "
		  "(rt_render_between)",
		  path);
	rt_error_object(c->err, path);
	return -1;
}

/* Whether step st, on an existing table, needs the table rebuilt: 1 yes,
 * 0 no, -1 error. */
static int needs_rebuild(ctx *c, const rt_step *st)
{
	switch (st->op) {
	case RT_OP_ADD_COLUMN:
		return !add_column_ok(st->target);
	case RT_OP_DROP_COLUMN:
		if (!c->from)
			return need_schemas(c, step_table(st));
		return !drop_column_ok(c, st->object);
	case RT_OP_CREATE_INDEX:
	case RT_OP_DROP_INDEX:
	case RT_OP_RENAME_INDEX:
		return 0;
	default: /* RENAME_CONSTRAINT too: a name only CREATE TABLE holds */
		return 1;
	}
}

/* ---- the rebuild ---- */

static void emit(ctx *c, const rt_step *st, unsigned flags)
{
	rt_render__stmt(c->out, c->a, c->b.data ? c->b.data : "", st, flags);
	rt_buf_reset(&c->b);
}

static bool has_option(const rt_table *t, const char *opt)
{
	for (size_t i = 0; i < t->options.len; i++)
		if (rt_streq(t->options.items[i], opt))
			return true;
	return false;
}

/* The twelve steps for table name, at step st (its first step), with
 * the flags of all its steps. */
static int rebuild(ctx *c, const rt_step *st, const char *name)
{
	const rt_table *ft = rt_schema_find_table(c->from, SQLITE_MAIN, name);
	const rt_table *tt = rt_schema_find_table(c->to, SQLITE_MAIN, name);
	const char *tmp = rt_arena_printf(c->a, NEW_PREFIX "%s", name);
	unsigned loss = 0;
	rt_vec deps = {0};
	rt_buf cols = RT_BUF_INIT;

	if (!ft || !tt)
		return rt_errorf(c->err, RT_EINTERNAL,
				 "table main.%s: rebuilt but not on both sides",
				 name);
	if (rt_schema_find_relation(c->from, SQLITE_MAIN, tmp) ||
	    rt_schema_find_relation(c->to, SQLITE_MAIN, tmp)) {
		const char *path = rt_arena_printf(c->a, "main.%s", tmp);
		rt_errorf(c->err, RT_EUSAGE,
			  "%s: the name the rebuild of main.%s needs is taken",
			  path, name);
		rt_error_object(c->err, path);
		return -1;
	}
	for (size_t i = 0; i < c->steps->len; i++) {
		const rt_step *o = c->steps->items[i];
		const char *t = step_table(o);
		if (o->data_loss && t && strcasecmp(t, name) == 0)
			loss = RT_STMT_DATA_LOSS;
	}
	/* 4. the new table as the target has it */
	if (create_table(c, &c->b, tt, tmp) < 0)
		return -1;
	emit(c, st, 0);
	/* 5. the rows: the columns on both sides that take values (a new
	 * column gets its default, a generated one is computed) */
	for (size_t i = 0; i < tt->columns.len; i++) {
		const rt_column *tc = tt->columns.items[i];
		if (tc->generated || !rt_table_find_column(ft, tc->name))
			continue;
		if (cols.len)
			rt_buf_adds(&cols, ", ");
		ident(&cols, tc->name);
	}
	/* no column in common: the rows themselves, with defaults */
	if (!cols.len)
		rt_buf_adds(&cols, "rowid");
	rt_buf_adds(&c->b, "INSERT INTO ");
	qname(&c->b, tmp);
	rt_buf_addf(&c->b, " (%s) SELECT %s FROM ", cols.data, cols.data);
	rt_buf_release(&cols);
	qname(&c->b, name);
	emit(c, st, 0);
	/* 3 and 9: the views and triggers that name the table, out of the
	 * way of DROP TABLE and RENAME */
	dependents(&deps, c, name);
	for (size_t i = 0; i < deps.len; i++) {
		const dependent *d = deps.items[i];
		rt_buf_adds(&c->b, d->view ? "DROP VIEW " : "DROP TRIGGER ");
		qname(&c->b, d->name);
		emit(c, st, 0);
	}
	/* AUTOINCREMENT's counter as it was, not as the rows left it */
	if (has_option(ft, "autoincrement") &&
	    has_option(tt, "autoincrement")) {
		rt_buf_adds(&c->b,
			    "DELETE FROM main.sqlite_sequence WHERE name = ");
		rt_buf_add_literal(&c->b, SQ, tmp);
		emit(c, st, 0);
		rt_buf_adds(&c->b,
			    "INSERT INTO main.sqlite_sequence (name, seq) "
			    "SELECT ");
		rt_buf_add_literal(&c->b, SQ, tmp);
		rt_buf_adds(&c->b,
			    ", seq FROM main.sqlite_sequence WHERE name = ");
		rt_buf_add_literal(&c->b, SQ, name);
		emit(c, st, 0);
	}
	/* 6, 7 */
	rt_buf_adds(&c->b, "DROP TABLE ");
	qname(&c->b, name);
	emit(c, st, loss);
	rt_buf_adds(&c->b, "ALTER TABLE ");
	qname(&c->b, tmp);
	rt_buf_adds(&c->b, " RENAME TO ");
	ident(&c->b, name);
	emit(c, st, 0);
	/* 8: indexes as the target has them, views and triggers again */
	for (size_t i = 0; i < c->to->indexes.len; i++) {
		const rt_index *ix = c->to->indexes.items[i];
		if (strcasecmp(ix->table.name, name) != 0)
			continue;
		create_index(&c->b, ix);
		emit(c, st, 0);
	}
	for (size_t i = 0; i < deps.len; i++) {
		rt_buf_adds(&c->b, dependent_sql(c, deps.items[i]));
		rt_render__trim_semicolon(&c->b);
		emit(c, st, 0);
	}
	/* 10: the checks */
	rt_buf_adds(&c->b, "SELECT foreign_keys FROM pragma_foreign_keys "
			   "WHERE foreign_keys");
	emit(c, st, RT_STMT_CHECK);
	rt_buf_adds(&c->b, "PRAGMA foreign_key_check(");
	ident(&c->b, name);
	rt_buf_addch(&c->b, ')');
	emit(c, st, RT_STMT_CHECK);
	for (size_t i = 0; i < c->to->tables.len; i++) {
		const rt_table *o = c->to->tables.items[i];
		bool refs = false;
		if (strcasecmp(o->name, name) == 0)
			continue;
		for (size_t j = 0; j < o->constraints.len && !refs; j++) {
			const rt_constraint *k = o->constraints.items[j];
			refs = k->type == RT_CON_FOREIGN &&
			       strcasecmp(k->ref_table.name, name) == 0;
		}
		if (!refs)
			continue;
		rt_buf_adds(&c->b, "PRAGMA foreign_key_check(");
		ident(&c->b, o->name);
		rt_buf_addch(&c->b, ')');
		emit(c, st, RT_STMT_CHECK);
	}
	for (size_t i = 0; i < deps.len; i++) {
		const dependent *d = deps.items[i];
		if (!d->view)
			continue;
		rt_buf_adds(&c->b, "SELECT * FROM ");
		qname(&c->b, d->name);
		rt_buf_adds(&c->b, " LIMIT 0");
		emit(c, st, RT_STMT_CHECK);
	}
	return 0;
}

/* ---- one step that is not part of a rebuild ---- */

static const char *object_path(ctx *c, const rt_step *st)
{
	const rt_object *o = st->target ? st->target : st->object;
	const rt_change *ch = st->change;

	if (st->kind == RT_KIND_UNMANAGED || !o) {
		const rt_unmanaged *u =
		    ch ? (ch->after ? ch->after : ch->before) : NULL;
		return u && st->kind == RT_KIND_UNMANAGED ? u->what : "?";
	}
	if (o->owner)
		return rt_arena_printf(c->a, "%s.%s.%s", o->owner->schema,
				       o->owner->name, o->name);
	if (st->kind == RT_KIND_NAMESPACE || st->kind == RT_KIND_EXTENSION)
		return o->name;
	return rt_arena_printf(c->a, "%s.%s", o->schema, o->name);
}

static void note(rt_buf *b, const rt_step *st)
{
	const rt_change *ch = st->change;
	const rt_unmanaged *u = ch->after ? ch->after : ch->before;

	rt_buf_adds(b, "-- retort: ");
	if (ch->kind != RT_CH_UNMANAGED) {
		rt_buf_adds(b, "a definition may differ in spelling only");
		return;
	}
	for (const char *p = u->what; *p; p++)
		rt_buf_addch(b, *p == '\n' || *p == '\r' ? ' ' : *p);
	rt_buf_adds(b, ch->after ? " exists only in the target"
				 : " exists only in the source");
	rt_buf_adds(b, " and is not managed by retort: not migrated");
}

/* Writes st into c->b; *skip: it gives no statement (a constraint of a
 * table created here, the namespace "main"). */
static int write_step(ctx *c, const rt_step *st, bool *skip)
{
	const rt_object *obj = st->object, *tgt = st->target;
	const char *t = step_table(st);
	rt_buf *b = &c->b;

	*skip = false;
	switch (st->op) {
	case RT_OP_CREATE_SCHEMA:
	case RT_OP_DROP_SCHEMA:
		if (rt_streq((tgt ? tgt : obj)->name, SQLITE_MAIN)) {
			*skip = true;
			return 0;
		}
		return unsupported(c, "a schema other than \"main\"",
				   object_path(c, st));
	case RT_OP_CREATE_TABLE:
		return create_table(c, b, st->target, tgt->name);
	case RT_OP_DROP_TABLE:
		rt_buf_adds(b, "DROP TABLE ");
		qname(b, obj->name);
		return 0;
	case RT_OP_DROP_CONSTRAINT:
	case RT_OP_DROP_INDEX:
		if (t && rt_map_get(&c->dropped, t, strlen(t))) {
			*skip = true; /* its DROP TABLE takes it */
			return 0;
		}
		if (st->op == RT_OP_DROP_INDEX) {
			rt_buf_adds(b, "DROP INDEX ");
			qname(b, obj->name);
			return 0;
		}
		break;
	case RT_OP_SET_TABLE_OPTIONS:
	case RT_OP_ADD_CONSTRAINT:
		if (t && rt_map_get(&c->created, t, strlen(t))) {
			*skip = true; /* inline in its CREATE TABLE */
			return 0;
		}
		break;
	case RT_OP_ADD_COLUMN:
		if (!add_column_ok(st->target))
			break;
		rt_buf_adds(b, "ALTER TABLE ");
		qname(b, t);
		rt_buf_adds(b, " ADD COLUMN ");
		return column_def(c, b, st->target);
	case RT_OP_DROP_COLUMN:
		if (rt_map_get(&c->dropped, t, strlen(t))) {
			*skip = true;
			return 0;
		}
		rt_buf_adds(b, "ALTER TABLE ");
		qname(b, t);
		rt_buf_adds(b, " DROP COLUMN ");
		ident(b, obj->name);
		return 0;
	case RT_OP_CREATE_INDEX:
		create_index(b, st->target);
		return 0;
	case RT_OP_NOTE:
		note(b, st);
		return 0;
	case RT_OP_RENAME_TABLE:
	case RT_OP_RENAME_COLUMN: {
		/* by the change's names: the from model is renamed in place
		 * before the diff. SQLite (3.26 on) renames the references
		 * of foreign keys, views and triggers along. */
		const rt_rename *r = st->change->rename;
		rt_buf_adds(b, "ALTER TABLE ");
		qname(b, st->op == RT_OP_RENAME_TABLE ? r->name : r->table);
		if (st->op == RT_OP_RENAME_COLUMN) {
			rt_buf_adds(b, " RENAME COLUMN ");
			ident(b, r->name);
			rt_buf_adds(b, " TO ");
		} else {
			rt_buf_adds(b, " RENAME TO ");
		}
		ident(b, r->new_name);
		return 0;
	}
	case RT_OP_RENAME_INDEX: {
		/* no ALTER INDEX in SQLite: dropped, created as the target */
		const rt_rename *r = st->change->rename;
		rt_buf_adds(b, "DROP INDEX ");
		qname(b, r->name);
		emit(c, st, 0);
		create_index(b, st->target);
		return 0;
	}
	default:
		break;
	}
	if (t && (st->kind == RT_KIND_COLUMN || st->kind == RT_KIND_CONSTRAINT))
		/* a change of an existing table that only a rebuild makes,
		 * with no schemas to rebuild from */
		return need_schemas(c, t);
	return unsupported(
	    c, rt_arena_printf(c->a, "this change (%s)", rt_op_name(st->op)),
	    object_path(c, st));
}

/* ---- the list ---- */

static bool table_on_both_sides(ctx *c, const char *t)
{
	if (!c->from || !c->to)
		return !rt_map_get(&c->created, t, strlen(t));
	return rt_schema_find_table(c->from, SQLITE_MAIN, t) &&
	       rt_schema_find_table(c->to, SQLITE_MAIN, t);
}

int rt_render__sqlite(rt_vec *out, rt_arena *a, const rt_vec *steps,
		      const rt_schema *from, const rt_schema *to, rt_error *err)
{
	ctx c = {.a = a,
		 .out = out,
		 .steps = steps,
		 .from = from,
		 .to = to,
		 .err = err,
		 .b = RT_BUF_INIT};
	int rc = 0;

	/* which tables the steps create, where each table's steps start,
	 * which ones need a rebuild */
	for (size_t i = 0; i < steps->len; i++) {
		const rt_step *st = steps->items[i];
		const char *t = step_table(st);
		if (st->op == RT_OP_CREATE_TABLE) {
			const char *n = ((const rt_table *)st->target)->name;
			rt_map_put(&c.created, a, n, strlen(n), (void *)n);
		}
		if (st->op == RT_OP_DROP_TABLE) {
			const char *n = ((const rt_table *)st->object)->name;
			rt_map_put(&c.dropped, a, n, strlen(n), (void *)n);
		}
		if (t && !rt_map_get(&c.first, t, strlen(t)))
			rt_map_put(&c.first, a, t, strlen(t), (void *)st);
	}
	for (size_t i = 0; i < steps->len && rc == 0; i++) {
		const rt_step *st = steps->items[i];
		const char *t = step_table(st);
		int r;
		if (!t || rt_map_get(&c.created, t, strlen(t)) ||
		    rt_map_get(&c.dropped, t, strlen(t)) ||
		    !table_on_both_sides(&c, t) ||
		    rt_map_get(&c.rebuilt, t, strlen(t)))
			continue;
		if ((r = needs_rebuild(&c, st)) < 0)
			rc = -1;
		else if (r && (!from || !to))
			rc = need_schemas(&c, t);
		else if (r)
			rt_map_put(&c.rebuilt, a, t, strlen(t), (void *)t);
	}
	for (size_t i = 0; i < steps->len && rc == 0; i++) {
		const rt_step *st = steps->items[i];
		const char *t = step_table(st);
		bool skip;
		if (t && rt_map_get(&c.rebuilt, t, strlen(t))) {
			if (rt_map_get(&c.first, t, strlen(t)) == st)
				rc = rebuild(&c, st, t);
			continue;
		}
		rt_buf_reset(&c.b);
		if (write_step(&c, st, &skip) < 0)
			rc = -1;
		else if (!skip)
			emit(&c, st, 0);
	}
	rt_buf_release(&c.b);
	return rc;
}
