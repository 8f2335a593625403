/* SPDX-License-Identifier: MIT */
/*
 * The live SQLite loader: the only load file that uses sqlite3. Four
 * queries whatever the number of tables (sqlite_schema, then
 * sqlite_schema joined with pragma_table_xinfo, pragma_index_list +
 * pragma_index_info, and pragma_foreign_key_list), rows copied into the
 * arena before sqlite3_finalize and put in order here. (Each pragma
 * function still runs a PRAGMA statement of its own per table or index
 * inside SQLite: most of the cost of a large schema; index_info runs only
 * for the indexes whose text is not sure of its key columns.) What the pragmas
 * do not say (constraint names, CHECKs, deferrable foreign keys, generated
 * expressions, index expressions) is read from the CREATE text SQLite keeps,
 * with the tokenizer of load_sqlite_lex.c. The models' DDL usually skips
 * SQLite altogether: load_sqlite_direct.c works the four queries' rows
 * out from its text, and the same code here reads them.
 */
#include "base/common.h"

#include <errno.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include "base/buf.h"
#include "load/load.h"
#include "load/load_int.h"
#include "load/load_sqlite_int.h"

#define MAIN "main"

/* The text inside the parentheses that open at i; *next: past them. */
static const char *inside(const toks *t, size_t i, size_t *next, rt_arena *a)
{
	size_t end = rt_load__sqlite_skip_parens(t, i);
	*next = end;
	return rt_load__sqlite_span(
	    t, i + 1, is_punct(t, end - 1, ')') ? end - 1 : end, a);
}

/* Comma-separated names in the parentheses at i (the first token of
 * each item: "a COLLATE x DESC" is a), into out; returns past them. */
static size_t name_list(rt_vec *out, const toks *t, size_t i, rt_arena *a)
{
	size_t end = rt_load__sqlite_skip_parens(t, i);
	bool start = true;
	int depth = 0;
	for (size_t j = i + 1; j + 1 < end; j++) {
		if (is_punct(t, j, '('))
			depth++;
		else if (is_punct(t, j, ')'))
			depth--;
		else if (depth == 0 && is_punct(t, j, ','))
			start = true;
		else if (start && depth == 0 && is_name(t, j)) {
			rt_vec_push(out, a,
				    (void *)rt_load__sqlite_name(t, j, a));
			start = false;
		}
	}
	return end;
}

/* ---- what the CREATE TABLE text says ---- */

/* A constraint as written. */
typedef struct pcon {
	char type;	  /* 'p', 'u', 'f', 'c' */
	const char *name; /* CONSTRAINT name, NULL when unnamed */
	rt_vec cols;	  /* const char *: key columns as written (p, u, f) */
	const char *expr; /* check */
	const char *ref_table;
	rt_vec ref_cols;
	bool deferrable, initially_deferred;
	bool used; /* matched to what the pragmas say */
} pcon;

/* A column as written: what the pragmas do not give. */
typedef struct pcol {
	const char *name;
	const char *generated; /* the expression, NULL when not generated */
	bool stored;
	const char *collate;
} pcol;

typedef struct ptable {
	rt_vec cons; /* pcon *, in the order written */
	rt_vec cols; /* pcol * */
	bool autoincrement, without_rowid, strict;
} ptable;

/* A column constraint's start (what ends the declared type). */
static bool colcon_start(const toks *t, size_t i)
{
	return constraint_start(t, i) || is_kw(t, i, "NOT") ||
	       is_kw(t, i, "NULL") || is_kw(t, i, "DEFAULT") ||
	       is_kw(t, i, "COLLATE") || is_kw(t, i, "REFERENCES") ||
	       is_kw(t, i, "GENERATED") || is_kw(t, i, "AS");
}

/* REFERENCES name [(cols)] [ON ... | MATCH x | [NOT] DEFERRABLE
 * [INITIALLY DEFERRED|IMMEDIATE]]...: i at REFERENCES; returns past it. */
static size_t fk_clause(pcon *c, const toks *t, size_t i, rt_arena *a)
{
	i++;
	if (!is_name(t, i))
		return i;
	c->ref_table = rt_load__sqlite_name(t, i, a);
	i++;
	if (is_punct(t, i, '.') && is_name(t, i + 1)) {
		c->ref_table = rt_load__sqlite_name(t, i + 1, a);
		i += 2;
	}
	if (is_punct(t, i, '('))
		i = name_list(&c->ref_cols, t, i, a);
	for (;;) {
		if (is_kw(t, i, "ON") &&
		    (is_kw(t, i + 1, "DELETE") || is_kw(t, i + 1, "UPDATE"))) {
			i += 2;
			if (is_kw(t, i, "SET") || is_kw(t, i, "NO"))
				i++;
			i++;
		} else if (is_kw(t, i, "MATCH")) {
			i += 2;
		} else if (is_kw(t, i, "NOT") &&
			   is_kw(t, i + 1, "DEFERRABLE")) {
			i += 2;
			c->deferrable = false;
		} else if (is_kw(t, i, "DEFERRABLE")) {
			i++;
			c->deferrable = true;
		} else if (is_kw(t, i, "INITIALLY")) {
			c->initially_deferred = is_kw(t, i + 1, "DEFERRED");
			i += 2;
		} else {
			return i;
		}
	}
}

static pcon *new_con(ptable *pt, rt_arena *a, char type, const char *name)
{
	pcon *c = RT_NEW(a, pcon);
	c->type = type;
	c->name = name;
	rt_vec_push(&pt->cons, a, c);
	return c;
}

/* ON CONFLICT x, where SQLite allows it. */
static size_t skip_conflict(const toks *t, size_t i)
{
	return is_kw(t, i, "ON") && is_kw(t, i + 1, "CONFLICT") ? i + 3 : i;
}

/* A table constraint at i; returns past it. */
static size_t table_constraint(ptable *pt, const toks *t, size_t i, rt_arena *a)
{
	const char *name = NULL;
	pcon *c;
	if (is_kw(t, i, "CONSTRAINT")) {
		name = rt_load__sqlite_name(t, i + 1, a);
		i += 2;
	}
	if (is_kw(t, i, "PRIMARY") || is_kw(t, i, "UNIQUE")) {
		c = new_con(pt, a, is_kw(t, i, "PRIMARY") ? 'p' : 'u', name);
		i += c->type == 'p' ? 2 : 1;
		if (is_punct(t, i, '('))
			i = name_list(&c->cols, t, i, a);
		return skip_conflict(t, i);
	}
	if (is_kw(t, i, "CHECK") && is_punct(t, i + 1, '(')) {
		c = new_con(pt, a, 'c', name);
		c->expr = inside(t, i + 1, &i, a);
		return i;
	}
	if (is_kw(t, i, "FOREIGN") && is_kw(t, i + 1, "KEY")) {
		c = new_con(pt, a, 'f', name);
		i += 2;
		if (is_punct(t, i, '('))
			i = name_list(&c->cols, t, i, a);
		if (is_kw(t, i, "REFERENCES"))
			i = fk_clause(c, t, i, a);
		return i;
	}
	return i;
}

/* A column definition at i; returns past it. */
static size_t column_def(ptable *pt, const toks *t, size_t i, rt_arena *a)
{
	pcol *col = RT_NEW(a, pcol);
	const char *cname = NULL;
	col->name = rt_load__sqlite_name(t, i, a);
	rt_vec_push(&pt->cols, a, col);
	i++;
	while (!colcon_start(t, i) && !is_punct(t, i, ',') &&
	       !is_punct(t, i, ')') && at(t, i)->kind != T_END)
		i = is_punct(t, i, '(') ? rt_load__sqlite_skip_parens(t, i)
					: i + 1;
	for (;;) {
		pcon *c;
		if (is_kw(t, i, "CONSTRAINT")) {
			cname = rt_load__sqlite_name(t, i + 1, a);
			i += 2;
			continue;
		}
		if (is_kw(t, i, "PRIMARY") && is_kw(t, i + 1, "KEY")) {
			c = new_con(pt, a, 'p', cname);
			rt_vec_push(&c->cols, a, (void *)col->name);
			i += 2;
			if (is_kw(t, i, "ASC") || is_kw(t, i, "DESC"))
				i++;
			i = skip_conflict(t, i);
			if (is_kw(t, i, "AUTOINCREMENT")) {
				pt->autoincrement = true;
				i++;
			}
		} else if (is_kw(t, i, "UNIQUE")) {
			c = new_con(pt, a, 'u', cname);
			rt_vec_push(&c->cols, a, (void *)col->name);
			i = skip_conflict(t, i + 1);
		} else if (is_kw(t, i, "CHECK") && is_punct(t, i + 1, '(')) {
			c = new_con(pt, a, 'c', cname);
			c->expr = inside(t, i + 1, &i, a);
		} else if (is_kw(t, i, "REFERENCES")) {
			c = new_con(pt, a, 'f', cname);
			rt_vec_push(&c->cols, a, (void *)col->name);
			i = fk_clause(c, t, i, a);
		} else if (is_kw(t, i, "NOT") && is_kw(t, i + 1, "NULL")) {
			i = skip_conflict(t, i + 2);
		} else if (is_kw(t, i, "NULL")) {
			i = skip_conflict(t, i + 1);
		} else if (is_kw(t, i, "DEFAULT")) {
			i++;
			if (is_punct(t, i, '('))
				i = rt_load__sqlite_skip_parens(t, i);
			else if (is_punct(t, i, '+') || is_punct(t, i, '-'))
				i += 2;
			else
				i++;
		} else if (is_kw(t, i, "COLLATE")) {
			col->collate = rt_load__sqlite_name(t, i + 1, a);
			i += 2;
		} else if ((is_kw(t, i, "GENERATED") &&
			    is_kw(t, i + 1, "ALWAYS") &&
			    is_kw(t, i + 2, "AS") && is_punct(t, i + 3, '(')) ||
			   (is_kw(t, i, "AS") && is_punct(t, i + 1, '('))) {
			i += is_kw(t, i, "AS") ? 1 : 3;
			col->generated = inside(t, i, &i, a);
			col->stored = is_kw(t, i, "STORED");
			if (is_kw(t, i, "STORED") || is_kw(t, i, "VIRTUAL"))
				i++;
		} else {
			break;
		}
		cname = NULL;
	}
	return i;
}

/* Reads CREATE TABLE text into pt (what it cannot follow is left out:
 * the pragmas still give columns and keys). */
static void parse_table(ptable *pt, rt_arena *a, const char *sql,
			const toks *given)
{
	toks t;
	size_t i = 0;
	if (given)
		t = *given;
	else
		rt_load__sqlite_lex(&t, a, sql);
	while (at(&t, i)->kind != T_END && !is_punct(&t, i, '('))
		i++;
	if (at(&t, i)->kind == T_END)
		return; /* CREATE TABLE ... AS SELECT */
	if (is_kw(&t, i + 1, "SELECT") || is_kw(&t, i + 1, "WITH") ||
	    is_kw(&t, i + 1, "VALUES"))
		return;
	i++;
	while (at(&t, i)->kind != T_END && !is_punct(&t, i, ')')) {
		if (constraint_start(&t, i))
			i = table_constraint(pt, &t, i, a);
		else if (is_name(&t, i))
			i = column_def(pt, &t, i, a);
		/* anything left of this element, through its comma */
		while (at(&t, i)->kind != T_END && !is_punct(&t, i, ',') &&
		       !is_punct(&t, i, ')'))
			i = is_punct(&t, i, '(')
				? rt_load__sqlite_skip_parens(&t, i)
				: i + 1;
		if (is_punct(&t, i, ','))
			i++;
	}
	for (i++; at(&t, i)->kind != T_END; i++) {
		if (is_kw(&t, i, "WITHOUT") && is_kw(&t, i + 1, "ROWID"))
			pt->without_rowid = true;
		if (is_kw(&t, i, "STRICT"))
			pt->strict = true;
	}
}

/* What CREATE INDEX text says. */
typedef struct pindex {
	rt_vec items; /* const char *: each key part as written */
	rt_vec first; /* size_t + 1 per item: its first token, 0 none */
	const char *where;
	toks t;
} pindex;

static void parse_index(pindex *pi, rt_arena *a, const char *sql,
			const toks *given)
{
	size_t i = 0, end, start;
	int depth = 0;
	if (given)
		pi->t = *given;
	else
		rt_load__sqlite_lex(&pi->t, a, sql);
	toks *t = &pi->t;
	while (at(t, i)->kind != T_END && !is_punct(t, i, '('))
		i++;
	end = rt_load__sqlite_skip_parens(t, i);
	start = i + 1;
	for (size_t j = i + 1; j < end; j++) {
		bool last = j + 1 == end;
		if (is_punct(t, j, '('))
			depth++;
		else if (is_punct(t, j, ')') && !last)
			depth--;
		if ((depth == 0 && is_punct(t, j, ',')) || last) {
			rt_vec_push(
			    &pi->items, a,
			    (void *)rt_load__sqlite_span(t, start, j, a));
			rt_vec_push(&pi->first, a, (void *)(start + 1));
			start = j + 1;
		}
	}
	if (is_kw(t, end, "WHERE")) {
		size_t stop = end + 1;
		while (at(t, stop)->kind != T_END && !is_punct(t, stop, ';'))
			stop++;
		pi->where = rt_load__sqlite_span(t, end + 1, stop, a);
	}
}

/* ---- reading the database ---- */

typedef struct tinfo {
	rt_table *t;
	ptable pt;
	rt_vec uniques; /* rt_vec * of key column names: the autoindexes
			 * of UNIQUE constraints (origin 'u') */
	rt_vec fks;	/* fkrow *: pragma_foreign_key_list, by id */
} tinfo;

/* One foreign key as pragma_foreign_key_list gives it. */
typedef struct fkrow {
	const char *table; /* as written */
	rt_vec from, to;   /* const char *; to: NULL items when not written */
	const char *on_update, *on_delete;
	bool used;
} fkrow;

/* An index as sqlite_schema lists it. */
typedef struct ixrow {
	const char *name, *table, *sql;
	const toks *t; /* sql's tokens, when already made */
	rt_vec keys;   /* const char *: key column names, NULL for an
			* expression (text_keys, else pragma_index_info) */
	bool unique;
	pindex pi; /* its text, parsed */
} ixrow;

typedef struct loader {
	rt_arena *a;
	sqlite3 *db;
	const char *name; /* the database in errors */
	rt_schema *s;
	size_t nqueries;
	rt_map tables;	   /* lower-cased name -> tinfo * */
	rt_vec order;	   /* tinfo *, as sqlite_schema lists them */
	rt_vec indexes;	   /* ixrow *, in that order */
	rt_map ixmap;	   /* index name -> ixrow * */
	const rows *given; /* set: fetch returns these, in turn (direct) */
	bool refused;	   /* given, and they do not say enough */
} loader;

static const char *cell(const rows *r, size_t i, size_t j)
{
	return r->v[i]->cells[j];
}

static long cell_long(const rows *r, size_t i, size_t j)
{
	const char *c = cell(r, i, j);
	if (c && c[0] >= '0' && c[0] <= '9' && !c[1])
		return c[0] - '0'; /* most cells: 0, 1, a small position */
	return c ? strtol(c, NULL, 10) : 0;
}

bool rt_load__sqlite_keyword(const char *p, size_t n)
{
	return sqlite3_keyword_check(p, (int)n) != 0;
}

/* Rows by their keys: the integers in order, the text key after the
 * first (the keys of every query here are unique). */
int rt_load__sqlite_row_cmp(const void *pa, const void *pb)
{
	const row *a = pa, *b = pb;
	int c;
	if (a->k[0] != b->k[0])
		return a->k[0] < b->k[0] ? -1 : 1;
	if (a->name && b->name && (c = strcmp(a->name, b->name)) != 0)
		return c;
	for (size_t i = 1; i < RT_ARRAY_LEN(a->k); i++)
		if (a->k[i] != b->k[i])
			return a->k[i] < b->k[i] ? -1 : 1;
	return 0;
}

/* Runs sql and copies its rows into the arena. The last strlen(keys)
 * result columns are the order the rows are wanted in ('i' an integer,
 * 't' the one text key, at most three integers): sorted here, where it
 * is cheap, and only when SQLite did not already return them so (an
 * ORDER BY over a pragma function's rows makes SQLite copy every row into
 * its sorter). */
static int fetch(rows *out, loader *l, const char *sql, const char *keys,
		 rt_error *err)
{
	sqlite3_stmt *st = NULL;
	rt_vec v = {0};
	size_t nkeys = strlen(keys);
	bool sorted = true;
	int rc;
	if (l->given) {
		*out = l->given[l->nqueries++];
		return 0;
	}
	l->nqueries++;
	if (sqlite3_prepare_v2(l->db, sql, -1, &st, NULL) != SQLITE_OK)
		goto failed;
	RT_ASSERT((size_t)sqlite3_column_count(st) >= nkeys);
	out->ncols = (size_t)sqlite3_column_count(st) - nkeys;
	out->n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		row *r = RT_NEW(l->a, row);
		size_t ik = 0;
		r->cells = rt_arena_alloc(l->a, (out->ncols ? out->ncols : 1) *
						    sizeof(char *));
		for (size_t j = 0; j < out->ncols; j++) {
			const unsigned char *t =
			    sqlite3_column_text(st, (int)j);
			if (t)
				r->cells[j] = rt_arena_strndup(
				    l->a, (const char *)t,
				    (size_t)sqlite3_column_bytes(st, (int)j));
		}
		for (size_t j = 0; j < nkeys; j++) {
			int col = (int)(out->ncols + j);
			if (keys[j] == 't') {
				r->name = rt_arena_strdup(
				    l->a,
				    (const char *)sqlite3_column_text(st, col));
				if (!r->name)
					r->name = "";
			} else {
				RT_ASSERT(ik < RT_ARRAY_LEN(r->k));
				r->k[ik++] = sqlite3_column_int64(st, col);
			}
		}
		if (v.len && sorted &&
		    rt_load__sqlite_row_cmp(v.items[v.len - 1], r) > 0)
			sorted = false;
		rt_vec_push(&v, l->a, r);
		out->n++;
	}
	if (rc != SQLITE_DONE)
		goto failed;
	sqlite3_finalize(st);
	if (!sorted)
		rt_vec_sort(&v, rt_load__sqlite_row_cmp);
	out->v = (row **)v.items;
	return 0;
failed:
	rt_errorf(err, RT_EDB, "cannot read '%s': %s", l->name,
		  sqlite3_errmsg(l->db));
	sqlite3_finalize(st);
	return -1;
}

static tinfo *find_table(loader *l, const char *name)
{
	const char *k = rt_arena_strlower(l->a, name);
	return rt_map_get(&l->tables, k, strlen(k));
}

/* The column of t named name in any case, or NULL. */
static rt_column *find_column(const rt_table *t, const char *name)
{
	for (size_t i = 0; i < t->columns.len; i++) {
		rt_column *c = t->columns.items[i];
		if (strcasecmp(c->name, name) == 0)
			return c;
	}
	return NULL;
}

/* The names of t's columns that text mentions (identifiers not called as
 * functions), each once, in the order met. */
static void mentioned(rt_vec *out, loader *l, const rt_table *t,
		      const char *text)
{
	toks k;
	rt_load__sqlite_lex(&k, l->a, text);
	for (size_t i = 0; i < k.n; i++) {
		rt_column *c;
		if (!(at(&k, i)->kind == T_WORD ||
		      at(&k, i)->kind == T_QUOTED) ||
		    is_punct(&k, i + 1, '(') || is_punct(&k, i + 1, '.'))
			continue;
		c = find_column(t, rt_load__sqlite_name(&k, i, l->a));
		if (c && !rt_load__vec_has(out, c->name))
			rt_vec_push(out, l->a, (void *)c->name);
	}
}

/* An expression of t: text as SQLite keeps it, key rt_sqlite_expr_key,
 * refs the columns it mentions (set here, so that nothing parses it as
 * PostgreSQL's SQL). suffix, when set, ends the key. */
static rt_expr *make_expr(loader *l, const rt_table *t, const char *text,
			  const char *suffix)
{
	rt_expr *e = RT_NEW(l->a, rt_expr);
	rt_buf b = RT_BUF_INIT;
	e->text = rt_arena_strdup(l->a, text);
	rt_sqlite_expr_key(&b, text);
	if (suffix)
		rt_buf_adds(&b, suffix);
	e->key = rt_arena_strndup(l->a, b.data, b.len);
	rt_buf_release(&b);
	e->refs = RT_NEW(l->a, rt_refs);
	if (t)
		mentioned(&e->refs->columns, l, t, text);
	return e;
}

static const char *type_norm(rt_arena *a, const char *declared)
{
	rt_buf b = RT_BUF_INIT;
	const char *r;
	rt_sqlite_type_norm(&b, declared ? declared : "");
	r = rt_arena_strndup(a, b.data, b.len);
	rt_buf_release(&b);
	return r;
}

static void unmanaged(loader *l, const char *what, const char *name,
		      const char *sql)
{
	rt_unmanaged *u;
	rt_schema_add_unmanaged(
	    l->s, rt_arena_printf(l->a, "%s " MAIN ".%s", what, name), NULL, 0,
	    0);
	u = l->s->unmanaged.items[l->s->unmanaged.len - 1];
	u->sql = rt_arena_strdup(l->a, sql);
}

/* The first constraint of type type written with columns cols (any, when
 * cols is NULL) not matched yet, or NULL. */
static pcon *written(ptable *pt, char type, const rt_vec *cols)
{
	for (size_t i = 0; i < pt->cons.len; i++) {
		pcon *c = pt->cons.items[i];
		if (c->type == type && !c->used &&
		    (!cols || rt_load__sqlite_same_names(&c->cols, cols))) {
			c->used = true;
			return c;
		}
	}
	return NULL;
}

static rt_constraint *add_constraint(loader *l, rt_table *t, char type,
				     const char *name, const rt_vec *cols,
				     const char *suffix)
{
	rt_constraint *c = RT_NEW(l->a, rt_constraint);
	const char *names[32];
	size_t n = 0;
	c->type = (rt_contype)type;
	c->is_local = true;
	c->table = t;
	c->owner = &t->obj;
	for (size_t i = 0; cols && i < cols->len; i++) {
		rt_vec_push(&c->columns, l->a, cols->items[i]);
		if (n < RT_ARRAY_LEN(names))
			names[n++] = cols->items[i];
	}
	c->name = name ? rt_arena_strdup(l->a, name)
		       : rt_schema_default_name(l->s, MAIN, t->name, names,
						type == 'p' ? 0 : n, suffix);
	return c;
}

/* What is not the schema's: SQLite's own tables (sqlite_*), the runner's
 * tracking table, and (OURS) the shadow tables that keep a virtual
 * table's data (pragma_table_list says which: SQLite 3.37 and later). */
#define NOT_SQLITES(m)                                                         \
	m "name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND " m                      \
	  "name <> '" TRACKING_TABLE "'"
#define OURS(m)                                                                \
	NOT_SQLITES(m)                                                         \
	" AND " m "name NOT IN (SELECT name FROM "                             \
	"pragma_table_list WHERE schema = 'main' AND type = "                  \
	"'shadow')"

static int load_tables(loader *l, rt_error *err)
{
	rows r;
	if (fetch(&r, l,
		  "SELECT type, name, tbl_name, sql FROM sqlite_schema "
		  "WHERE " OURS("") " ORDER BY rowid",
		  "", err) < 0)
		return -1;
	for (size_t i = 0; i < r.n; i++) {
		const char *type = cell(&r, i, 0), *name = cell(&r, i, 1);
		const char *sql = cell(&r, i, 3);
		if (!sql)
			continue;
		if (strcmp(type, "table") == 0 &&
		    strncasecmp(sql, "CREATE VIRTUAL", 14) == 0) {
			unmanaged(l, "virtual table", name, sql);
		} else if (strcmp(type, "table") == 0) {
			tinfo *ti = RT_NEW(l->a, tinfo);
			const char *k = rt_arena_strlower(l->a, name);
			ti->t = rt_load__table_new(l->s, MAIN, name);
			parse_table(&ti->pt, l->a, sql, r.v[i]->t);
			rt_map_put(&l->tables, l->a, k, strlen(k), ti);
			rt_vec_push(&l->order, l->a, ti);
		} else if (strcmp(type, "index") == 0) {
			ixrow *x = RT_NEW(l->a, ixrow);
			x->name = name;
			x->table = cell(&r, i, 2);
			x->sql = sql;
			x->t = r.v[i]->t;
			rt_vec_push(&l->indexes, l->a, x);
			rt_map_put(&l->ixmap, l->a, name, strlen(name), x);
		} else if (strcmp(type, "view") == 0 ||
			   strcmp(type, "trigger") == 0) {
			unmanaged(l, type, name, sql);
		}
	}
	return 0;
}

/* The query lists of every table, joined with a pragma: in one query,
 * whose rows fetch puts in order. The rows of a shadow table (not in
 * load_tables' list) are skipped by the callers: cheaper than asking
 * pragma_table_list again. */
#define EACH_TABLE(cols, pragma)                                               \
	"SELECT m.name, " cols " FROM sqlite_schema m JOIN " pragma            \
	" WHERE m.type = 'table' AND " NOT_SQLITES(                            \
	    "m.") " AND m.sql NOT LIKE 'CREATE VIRTUAL%' "

static int load_columns(loader *l, rt_error *err)
{
	rows r;
	if (fetch(&r, l,
		  EACH_TABLE("p.name, p.type, p.\"notnull\", p.dflt_value, "
			     "p.pk, p.hidden, m.rowid, p.cid",
			     "pragma_table_xinfo(m.name) p"),
		  "ii", err) < 0)
		return -1;
	tinfo *ti = NULL;
	rt_vec pk = {0};
	for (size_t i = 0; i <= r.n; i++) {
		if (ti && (i == r.n || strcmp(cell(&r, i, 0), ti->t->name))) {
			/* the previous table's primary key */
			if (pk.len) {
				rt_vec cols = {0};
				for (long k = 1;; k++) {
					size_t before = cols.len;
					for (size_t j = 0; j < pk.len; j += 2)
						if ((long)(intptr_t)
							pk.items[j + 1] == k)
							rt_vec_push(
							    &cols, l->a,
							    pk.items[j]);
					if (cols.len == before)
						break;
				}
				pcon *w = written(&ti->pt, 'p', NULL);
				rt_constraint *c = add_constraint(
				    l, ti->t, 'p', w ? w->name : NULL, &cols,
				    "pkey");
				rt_schema_add(l->s, RT_KIND_CONSTRAINT,
					      &c->obj);
			}
			pk.len = 0;
		}
		if (i == r.n)
			break;
		if (!ti || strcmp(cell(&r, i, 0), ti->t->name)) {
			ti = find_table(l, cell(&r, i, 0));
			if (!ti)
				continue; /* a shadow table */
		}
		rt_column *c = rt_load__column_new(l->s, ti->t, cell(&r, i, 1));
		long hidden = cell_long(&r, i, 6);
		c->type.schema = RT_CATALOG;
		c->type.name = type_norm(l->a, cell(&r, i, 2));
		c->not_null = cell_long(&r, i, 3) != 0;
		if (cell(&r, i, 4) && hidden < 2)
			c->default_expr =
			    make_expr(l, ti->t, cell(&r, i, 4), NULL);
		/* the text's column of that name (unique: SQLite refuses
		 * two), looked for from the same place on */
		size_t np = ti->pt.cols.len, from = ti->t->columns.len - 1;
		for (size_t j = 0; j < np; j++) {
			pcol *pc = ti->pt.cols.items[(from + j) % np];
			if (strcasecmp(pc->name, c->name) != 0)
				continue;
			if (pc->collate)
				c->collation =
				    (rt_qname){RT_CATALOG, pc->collate};
			if (pc->generated && hidden >= 2)
				c->generated = make_expr(
				    l, ti->t, pc->generated,
				    hidden == 3 ? " STORED" : " VIRTUAL");
			break;
		}
		if (cell_long(&r, i, 5) > 0) {
			rt_vec_push(&pk, l->a, (void *)c->name);
			rt_vec_push(&pk, l->a,
				    (void *)(intptr_t)cell_long(&r, i, 5));
		}
	}
	return 0;
}

/* The key columns of the index x from its text, when the text says for
 * sure which are columns as SQLite's CREATE INDEX decides (a name, 'name'
 * or "name" of a column, then only COLLATE and ASC or DESC: a column; a
 * name called as a function or followed by an operator: an expression);
 * false leaves x to pragma_index_info (a qualified name, a keyword, a
 * name that is no column). Saves SQLite a PRAGMA statement per index. */
static bool text_keys(ixrow *x, loader *l)
{
	tinfo *ti = find_table(l, x->table);
	const toks *t = &x->pi.t;
	parse_index(&x->pi, l->a, x->sql, x->t);
	if (!ti)
		return true; /* add_index skips it */
	x->unique = is_kw(t, 1, "UNIQUE");
	x->keys.len = 0;
	for (size_t i = 0; i < x->pi.items.len; i++) {
		size_t f = (size_t)(uintptr_t)x->pi.first.items[i] - 1, j;
		const tok *k = at(t, f);
		rt_column *c;
		if (!is_name(t, f)) {
			rt_vec_push(&x->keys, l->a, NULL); /* not read */
			continue;
		}
		for (j = f + 1; is_kw(t, j, "COLLATE") && is_name(t, j + 1);)
			j += 2;
		if (is_kw(t, j, "ASC") || is_kw(t, j, "DESC"))
			j++;
		if (!is_punct(t, j, ',') && !is_punct(t, j, ')')) {
			/* more than a column: sure only of an expression */
			if (j != f + 1 || at(t, j)->kind != T_PUNCT ||
			    is_punct(t, j, '.'))
				return false;
			rt_vec_push(&x->keys, l->a, NULL);
			continue;
		}
		if (k->kind == T_WORD && sqlite3_keyword_check(k->p, (int)k->n))
			return false;
		c = find_column(ti->t, rt_load__sqlite_name(t, f, l->a));
		if (!c && !(k->kind == T_QUOTED && k->p[0] == '"'))
			return false;
		/* a double-quoted name that is no column is a string */
		rt_vec_push(&x->keys, l->a, c ? (void *)c->name : NULL);
	}
	return true;
}

/* pragma_index_list + pragma_index_info: the key columns of every index
 * (not the rowid or primary key after them, which index_xinfo would add);
 * those of UNIQUE constraints' autoindexes go to their table. Nothing
 * here uses a primary key's autoindex: left out. */
static int load_index_keys(loader *l, rt_error *err)
{
	rows r;
	rt_buf q = RT_BUF_INIT;
	bool first = true;
	int rc;
	rt_buf_adds(&q,
		    EACH_TABLE("il.name, il.\"unique\", il.origin, ix.cid, "
			       "ix.name, m.rowid, il.name, ix.seqno",
			       "pragma_index_list(m.name) il JOIN "
			       "pragma_index_info(il.name) ix") "AND "
								"(il.origin "
								"= 'u' OR "
								"il.name "
								"IN (");
	for (size_t k = 0; k < l->indexes.len; k++) {
		ixrow *x = l->indexes.items[k];
		if (text_keys(x, l))
			continue;
		if (l->given) {
			/* only pragma_index_info would know: a round trip */
			l->refused = true;
			rt_buf_release(&q);
			return -1;
		}
		if (!first)
			rt_buf_adds(&q, ", ");
		rt_buf_add_literal(&q, RT_DIALECT_SQLITE, x->name);
		first = false;
	}
	rt_buf_adds(&q, "))");
	rc = fetch(&r, l, q.data, "iti", err);
	rt_buf_release(&q);
	if (rc < 0)
		return -1;
	for (size_t i = 0; i < r.n;) {
		size_t j = i;
		const char *table = cell(&r, i, 0), *index = cell(&r, i, 1);
		rt_vec *keys = RT_NEW(l->a, rt_vec);
		tinfo *ti = find_table(l, table);
		ixrow *x = rt_map_get(&l->ixmap, index, strlen(index));
		for (; j < r.n && strcmp(cell(&r, j, 0), table) == 0 &&
		       strcmp(cell(&r, j, 1), index) == 0;
		     j++) {
			const char *col =
			    cell_long(&r, j, 4) >= 0 ? cell(&r, j, 5) : NULL;
			rt_column *c =
			    col && ti ? find_column(ti->t, col) : NULL;
			rt_vec_push(keys, l->a,
				    c ? (void *)c->name : (void *)col);
		}
		if (ti && strcmp(cell(&r, i, 3), "u") == 0)
			rt_vec_push(&ti->uniques, l->a, keys);
		if (x) {
			x->keys = *keys;
			x->unique = cell_long(&r, i, 2) != 0;
		}
		i = j;
	}
	return 0;
}

/* pragma_foreign_key_list: every table's foreign keys, by id. */
static int load_fk_rows(loader *l, rt_error *err)
{
	rows r;
	if (fetch(&r, l,
		  EACH_TABLE("f.id, f.\"table\", f.\"from\", f.\"to\", "
			     "f.on_update, f.on_delete, m.rowid, f.id, f.seq",
			     "pragma_foreign_key_list(m.name) f"),
		  "iii", err) < 0)
		return -1;
	for (size_t i = 0; i < r.n;) {
		size_t j = i;
		tinfo *ti = find_table(l, cell(&r, i, 0));
		fkrow *f = RT_NEW(l->a, fkrow);
		f->table = cell(&r, i, 2);
		f->on_update = cell(&r, i, 5);
		f->on_delete = cell(&r, i, 6);
		for (; j < r.n && strcmp(cell(&r, j, 0), cell(&r, i, 0)) == 0 &&
		       strcmp(cell(&r, j, 1), cell(&r, i, 1)) == 0;
		     j++) {
			rt_column *c =
			    ti ? find_column(ti->t, cell(&r, j, 3)) : NULL;
			rt_vec_push(&f->from, l->a,
				    c ? (void *)c->name
				      : (void *)cell(&r, j, 3));
			rt_vec_push(&f->to, l->a, (void *)cell(&r, j, 4));
		}
		if (ti)
			rt_vec_push(&ti->fks, l->a, f);
		i = j;
	}
	return 0;
}

static char fk_action(const char *a)
{
	if (!a || strcasecmp(a, "NO ACTION") == 0)
		return 'a';
	if (strcasecmp(a, "RESTRICT") == 0)
		return 'r';
	if (strcasecmp(a, "CASCADE") == 0)
		return 'c';
	if (strcasecmp(a, "SET NULL") == 0)
		return 'n';
	return 'd';
}

static void add_fk(loader *l, tinfo *ti, fkrow *f, const pcon *w)
{
	rt_constraint *c =
	    add_constraint(l, ti->t, 'f', w ? w->name : NULL, &f->from, "fkey");
	tinfo *ref = find_table(l, f->table);
	c->ref_table.schema = MAIN;
	c->ref_table.name = ref ? ref->t->name : f->table;
	for (size_t i = 0; i < f->to.len; i++) {
		const char *to = f->to.items[i];
		rt_column *rc = to && ref ? find_column(ref->t, to) : NULL;
		rt_vec_push(&c->ref_columns, l->a,
			    rc ? (void *)rc->name : (void *)to);
	}
	c->on_update = fk_action(f->on_update);
	c->on_delete = fk_action(f->on_delete);
	c->match = 's';
	c->deferrable = w && w->deferrable;
	c->initially_deferred = w && w->deferrable && w->initially_deferred;
	rt_schema_add(l->s, RT_KIND_CONSTRAINT, &c->obj);
}

/* A table's UNIQUE, CHECK and FOREIGN KEY constraints (the primary key is
 * load_columns'), named as written or as PostgreSQL would. */
static void table_constraints(loader *l, tinfo *ti)
{
	rt_table *t = ti->t;
	/* UNIQUE: the written ones in their order, matched to autoindexes */
	for (size_t i = 0; i < ti->pt.cons.len; i++) {
		pcon *w = ti->pt.cons.items[i];
		if (w->type != 'u')
			continue;
		for (size_t u = 0; u < ti->uniques.len; u++) {
			rt_vec *cols = ti->uniques.items[u];
			if (!cols ||
			    !rt_load__sqlite_same_names(&w->cols, cols))
				continue;
			rt_constraint *c =
			    add_constraint(l, t, 'u', w->name, cols, "key");
			rt_schema_add(l->s, RT_KIND_CONSTRAINT, &c->obj);
			ti->uniques.items[u] = NULL;
			break;
		}
	}
	for (size_t u = 0; u < ti->uniques.len; u++) {
		rt_vec *cols = ti->uniques.items[u];
		if (cols) {
			rt_constraint *c =
			    add_constraint(l, t, 'u', NULL, cols, "key");
			rt_schema_add(l->s, RT_KIND_CONSTRAINT, &c->obj);
		}
	}
	/* CHECK: only the text has them */
	for (size_t i = 0; i < ti->pt.cons.len; i++) {
		pcon *w = ti->pt.cons.items[i];
		if (w->type != 'c')
			continue;
		rt_expr *e = make_expr(l, t, w->expr, NULL);
		rt_vec one = {0};
		if (e->refs->columns.len == 1)
			rt_vec_push(&one, l->a, e->refs->columns.items[0]);
		rt_constraint *c =
		    add_constraint(l, t, 'c', w->name, &one, "check");
		c->columns.len = 0;
		c->expr = e;
		rt_schema_add(l->s, RT_KIND_CONSTRAINT, &c->obj);
	}
	/* FOREIGN KEY: pragma ids count from the last one written */
	for (size_t i = 0; i < ti->pt.cons.len; i++) {
		pcon *w = ti->pt.cons.items[i];
		if (w->type != 'f')
			continue;
		for (size_t k = ti->fks.len; k-- > 0;) {
			fkrow *f = ti->fks.items[k];
			if (f->used ||
			    !rt_load__sqlite_same_names(&w->cols, &f->from))
				continue;
			f->used = true;
			add_fk(l, ti, f, w);
			break;
		}
	}
	for (size_t k = ti->fks.len; k-- > 0;) {
		fkrow *f = ti->fks.items[k];
		if (!f->used)
			add_fk(l, ti, f, NULL);
	}
	if (ti->pt.autoincrement)
		rt_vec_push(&t->options, l->a, (void *)"autoincrement");
	if (ti->pt.without_rowid)
		rt_vec_push(&t->options, l->a, (void *)"without_rowid");
	if (ti->pt.strict)
		rt_vec_push(&t->options, l->a, (void *)"strict");
}

/* Foreign keys that did not name the referenced columns reference its
 * primary key. */
static void fk_ref_columns(loader *l)
{
	for (size_t k = 0; k < l->order.len; k++) {
		rt_table *t = ((tinfo *)l->order.items[k])->t;
		for (size_t i = 0; i < t->constraints.len; i++) {
			rt_constraint *c = t->constraints.items[i];
			if (c->type != RT_CON_FOREIGN ||
			    (c->ref_columns.len && c->ref_columns.items[0]))
				continue;
			rt_table *ref =
			    rt_schema_find_table(l->s, MAIN, c->ref_table.name);
			rt_constraint *pk =
			    ref ? rt_table_primary_key(ref) : NULL;
			c->ref_columns.len = 0;
			for (size_t j = 0; pk && j < pk->columns.len; j++)
				rt_vec_push(&c->ref_columns, l->a,
					    pk->columns.items[j]);
		}
	}
}

/* An index from its CREATE INDEX text: def "CREATE [UNIQUE] INDEX name ON
 * table (parts)[ WHERE pred]", a part that is a column spelled with the
 * column's name quoted as needed; key the same without the name. */
static void add_index(loader *l, const ixrow *x)
{
	tinfo *ti = find_table(l, x->table);
	pindex pi;
	rt_buf def = RT_BUF_INIT, body = RT_BUF_INIT, key = RT_BUF_INIT;
	rt_index *ix;
	rt_refs *refs;
	if (!ti)
		return;
	pi = x->pi;
	refs = RT_NEW(l->a, rt_refs);
	rt_buf_adds(&body, " ON ");
	rt_buf_add_ident(&body, RT_DIALECT_SQLITE, ti->t->name);
	rt_buf_adds(&body, " (");
	for (size_t i = 0; i < pi.items.len; i++) {
		const char *col = i < x->keys.len ? x->keys.items[i] : NULL;
		size_t first = (size_t)(uintptr_t)pi.first.items[i] - 1;
		if (i)
			rt_buf_adds(&body, ", ");
		if (col && is_name(&pi.t, first)) {
			/* the column, then what follows it (COLLATE, DESC) */
			const tok *f = at(&pi.t, first);
			const char *item = pi.items.items[i];
			rt_buf_add_ident(&body, RT_DIALECT_SQLITE, col);
			rt_buf_adds(&body, item + f->n);
			if (!rt_load__vec_has(&refs->columns, col))
				rt_vec_push(&refs->columns, l->a, (void *)col);
		} else {
			rt_buf_adds(&body, pi.items.items[i]);
			mentioned(&refs->columns, l, ti->t, pi.items.items[i]);
		}
	}
	rt_buf_adds(&body, ")");
	if (pi.where) {
		rt_buf_addf(&body, " WHERE %s", pi.where);
		mentioned(&refs->columns, l, ti->t, pi.where);
	}
	rt_buf_adds(&def, x->unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ");
	rt_buf_add_ident(&def, RT_DIALECT_SQLITE, x->name);
	rt_buf_adds(&def, body.data);
	rt_buf_adds(&key, x->unique ? "CREATE UNIQUE INDEX" : "CREATE INDEX");
	rt_buf_adds(&key, body.data);
	ix = rt_schema_new_object(l->s, RT_KIND_INDEX, MAIN, x->name, NULL);
	ix->table = (rt_qname){MAIN, ti->t->name};
	ix->unique = x->unique;
	ix->def = RT_NEW(l->a, rt_expr);
	ix->def->text = rt_arena_strndup(l->a, def.data, def.len);
	rt_buf_reset(&def);
	rt_sqlite_expr_key(&def, key.data);
	ix->def->key = rt_arena_strndup(l->a, def.data, def.len);
	ix->def->refs = refs;
	rt_buf_release(&def);
	rt_buf_release(&body);
	rt_buf_release(&key);
}

static int load_db(loader *l, rt_error *err)
{
	l->s = rt_schema_new(l->a);
	l->s->dialect = RT_DIALECT_SQLITE;
	rt_schema_new_object(l->s, RT_KIND_NAMESPACE, MAIN, MAIN, NULL);
	if (load_tables(l, err) < 0 || load_columns(l, err) < 0 ||
	    load_index_keys(l, err) < 0 || load_fk_rows(l, err) < 0)
		return -1;
	for (size_t k = 0; k < l->order.len; k++)
		table_constraints(l, l->order.items[k]);
	fk_ref_columns(l);
	for (size_t k = 0; k < l->indexes.len; k++)
		add_index(l, l->indexes.items[k]);
	rt_schema_finish(l->s);
	return 0;
}

static int load_handle(rt_schema **out, rt_arena *a, sqlite3 *db,
		       const char *name, const char *source,
		       size_t *queries_out, rt_error *err)
{
	loader l = {0};
	int rc;
	l.a = a;
	l.db = db;
	l.name = rt_arena_strdup(a, name);
	rc = load_db(&l, err);
	if (rc == 0)
		l.s->source = rt_arena_strdup(a, source);
	if (queries_out)
		*queries_out = l.nqueries;
	if (rc == 0)
		*out = l.s;
	return rc;
}

/* Opens a connection of this file's own: one thread uses it (no
 * connection mutex), and, when SQLite is not initialised yet, without its
 * memory statistics, which nothing reads and whose global mutex every
 * allocation would take (SQLite's own advice for speed; sqlite3_config
 * refuses harmlessly once SQLite is initialised). Together a tenth of
 * the instructions of a 1,000-table read. */
static int open_db(sqlite3 **db, const char *path, int flags)
{
	(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	return sqlite3_open_v2(path, db, flags | SQLITE_OPEN_NOMUTEX, NULL);
}

int rt_load_sqlite_db(rt_schema **out, rt_arena *a, struct sqlite3 *db,
		      const char *name, rt_error *err)
{
	RT_ASSERT(out && a && db && name);
	return load_handle(out, a, db, name, name, NULL, err);
}

int rt_load_sqlite_path(const char **path_out, rt_arena *a, const char *url,
			rt_error *err)
{
	const char *rest;
	char shown[512];
	rt_conninfo_redact(shown, sizeof(shown), url);
	if (strncmp(url, "sqlite://", 9) != 0)
		return rt_errorf(err, RT_EINPUT,
				 "invalid SQLite URL '%s': expected "
				 "sqlite:///PATH",
				 shown);
	rest = url + 9;
	if (*rest != '/')
		return rt_errorf(err, RT_EINPUT, "invalid SQLite URL '%s': %s",
				 shown,
				 *rest ? "expected sqlite:///PATH (three "
					 "slashes)"
				       : "no path (expected sqlite:///PATH)");
	rest++;
	if (!*rest || strcmp(rest, ":memory:") == 0)
		return rt_errorf(err, RT_EINPUT,
				 "invalid SQLite URL '%s': no database file "
				 "(expected sqlite:///PATH)",
				 shown);
	*path_out = rt_arena_strdup(a, rest);
	return 0;
}

int rt_load_sqlite(rt_schema **out, rt_arena *a, const char *url,
		   size_t *queries_out, rt_error *err)
{
	const char *path;
	sqlite3 *db = NULL;
	struct stat st;
	int rc = -1;
	RT_ASSERT(out && a && url);
	if (queries_out)
		*queries_out = 0;
	if (rt_load_sqlite_path(&path, a, url, err) < 0)
		return -1;
	if (stat(path, &st) != 0)
		return rt_errorf(err, RT_EIO, "cannot open '%s': %s", path,
				 strerror(errno));
	if (S_ISDIR(st.st_mode))
		return rt_errorf(err, RT_EIO, "cannot open '%s': %s", path,
				 strerror(EISDIR));
	if (open_db(&db, path, SQLITE_OPEN_READONLY) != SQLITE_OK) {
		rt_errorf(err, RT_EIO, "cannot open '%s': %s", path,
			  db ? sqlite3_errmsg(db) : "out of memory");
		goto done;
	}
	rc = load_handle(out, a, db, path, url, queries_out, err);
done:
	sqlite3_close(db);
	return rc;
}

int rt_load__sqlite_text(rt_schema **out, rt_arena *a, const char *name,
			 const char *sql, rt_error *err)
{
	sqlite3 *db = NULL;
	const char *at = sql;
	int rc = -1;
	if (open_db(&db, ":memory:",
		    SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY) != SQLITE_OK) {
		rt_errorf(err, RT_EINTERNAL, "cannot open SQLite: %s",
			  db ? sqlite3_errmsg(db) : "out of memory");
		goto done;
	}
	while (*at) {
		sqlite3_stmt *st = NULL;
		const char *tail = NULL;
		int step = SQLITE_OK;
		if (sqlite3_prepare_v2(db, at, -1, &st, &tail) == SQLITE_OK) {
			if (!st)
				break; /* blanks and comments only */
			step = sqlite3_step(st);
		}
		if (!st || (step != SQLITE_DONE && step != SQLITE_ROW)) {
			int off = sqlite3_error_offset(db);
			const char *p = at, *end;
			int line = 1, col = 1;
			while (*p == ' ' || *p == '\n' || *p == '\t')
				p++;
			end = off >= 0 ? at + off : p;
			for (const char *c = sql; c < end; c++) {
				if (*c == '\n') {
					line++;
					col = 1;
				} else {
					col++;
				}
			}
			rt_errorf(err, RT_EINPUT, "%s", sqlite3_errmsg(db));
			rt_error_at(err, name, line, col);
			sqlite3_finalize(st);
			goto done;
		}
		sqlite3_finalize(st);
		at = tail;
	}
	rc = load_handle(out, a, db, name, name, NULL, err);
done:
	sqlite3_close(db);
	return rc;
}

/* rt_load_sqlite_roundtrip's switch (a debugging and test aid) */
static bool roundtrip_only;

void rt_load_sqlite_roundtrip(bool on)
{
	roundtrip_only = on;
}

int rt_load__sqlite_direct(rt_schema **out, rt_arena *a, const char *name,
			   const char *sql,
			   const rt_load_sqlite_obj *const *objs, size_t n)
{
	rows given[4];
	loader l = {0};
	rt_error quiet = {0};
	if (!rt_load__sqlite_direct_rows(given, a, sql, objs, n))
		return 1;
	l.a = a;
	l.name = rt_arena_strdup(a, name);
	l.given = given;
	if (load_db(&l, &quiet) < 0) {
		RT_ASSERT(l.refused);
		return 1;
	}
	l.s->source = rt_arena_strdup(a, name);
	*out = l.s;
	return 0;
}

int rt_load__sqlite_objs(rt_schema **out, rt_arena *a, const char *name,
			 const char *sql, const rt_load_sqlite_obj *const *objs,
			 size_t n, rt_error *err)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	int rc = -1, version = 0;
	char bump[128];
	if (!roundtrip_only &&
	    rt_load__sqlite_direct(out, a, name, sql, objs, n) == 0)
		return 0;
	if (open_db(&db, ":memory:",
		    SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY) != SQLITE_OK)
		goto failed;
	/* pages for the root page numbers to name: SQLite's schema reader
	 * wants each within the file and no two indexes of a table alike */
	if (sqlite3_exec(db, "PRAGMA page_size = 512; CREATE TABLE pad (x)",
			 NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT INTO pad VALUES (zeroblob(?1))", -1,
			       &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 1, ((sqlite3_int64)n + 8) * 512) !=
		SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_DONE)
		goto failed;
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_exec(db,
			 "DROP TABLE pad; PRAGMA writable_schema = ON; BEGIN",
			 NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db,
			       "INSERT INTO sqlite_schema (type, name, "
			       "tbl_name, rootpage, sql) VALUES (?1, ?2, ?3, "
			       "?4, ?5)",
			       -1, &st, NULL) != SQLITE_OK)
		goto failed;
	for (size_t i = 0; i < n; i++) {
		const rt_load_sqlite_obj *o = objs[i];
		if (sqlite3_bind_text(st, 1, o->type, -1, SQLITE_STATIC) ||
		    sqlite3_bind_text(st, 2, o->name, -1, SQLITE_STATIC) ||
		    sqlite3_bind_text(st, 3, o->tbl_name, -1, SQLITE_STATIC) ||
		    sqlite3_bind_int64(st, 4, (sqlite3_int64)i + 3) ||
		    sqlite3_bind_text(st, 5, sql + o->start,
				      (int)(o->end - o->start),
				      SQLITE_STATIC) ||
		    sqlite3_step(st) != SQLITE_DONE || sqlite3_reset(st))
			goto failed;
	}
	sqlite3_finalize(st);
	st = NULL;
	/* a new schema version: the next statement reads the rows */
	if (sqlite3_prepare_v2(db, "PRAGMA schema_version", -1, &st, NULL) !=
		SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW)
		goto failed;
	version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	st = NULL;
	snprintf(bump, sizeof(bump),
		 "COMMIT; PRAGMA schema_version = %d; "
		 "PRAGMA writable_schema = OFF",
		 version + 1);
	if (sqlite3_exec(db, bump, NULL, NULL, NULL) != SQLITE_OK)
		goto failed;
	rc = load_handle(out, a, db, name, name, NULL, err);
	goto done;
failed:
	rt_errorf(err, RT_EINPUT, "SQLite's schema reader: %s",
		  db ? sqlite3_errmsg(db) : "out of memory");
done:
	sqlite3_finalize(st);
	sqlite3_close(db);
	return rc;
}
