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
 * with a small tokenizer of this file's own (never libpg_query: this is not
 * PostgreSQL's grammar).
 */
#include "base/common.h"

#include <ctype.h>
#include <errno.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include "base/buf.h"
#include "load/load.h"
#include "load/load_int.h"

/* runner.h's RT_RUNNER_TABLE (the runner's tracking table), which this
 * layer cannot include; tests/unit/load/test_sqlite.c checks they agree */
#define TRACKING_TABLE "retort_version"

#define MAIN "main"

/* ---- the tokenizer ---- */

typedef enum tok_kind {
	T_END,
	T_WORD,	  /* a bare word: a keyword or an identifier */
	T_QUOTED, /* "x", `x`, [x] */
	T_STRING, /* 'x' (x'..' blobs too) */
	T_NUMBER,
	T_PUNCT, /* one character */
} tok_kind;

typedef struct tok {
	tok_kind kind;
	const char *p;
	size_t n;
} tok;

typedef struct toks {
	const char *text;
	tok *v;
	size_t n;
} toks;

static const char *skip_quoted(const char *p)
{
	char close = *p == '[' ? ']' : *p;
	const char *q = p + 1;
	while (*q) {
		if (*q == close && close != ']' && q[1] == close) {
			q += 2;
			continue;
		}
		if (*q++ == close)
			break;
	}
	return q;
}

static bool word_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '$' ||
	       (unsigned char)c >= 0x80;
}

/* Splits text into tokens (comments and blanks dropped), in arena a; the
 * list ends with a T_END token at the end of the text. */
static void tokenize(toks *out, rt_arena *a, const char *text)
{
	size_t cap = 16, n = 0;
	tok *v = rt_arena_alloc(a, cap * sizeof(tok));
	const char *p = text;
	for (;;) {
		tok t = {T_END, p, 0};
		while (*p) {
			if (isspace((unsigned char)*p)) {
				p++;
			} else if (p[0] == '-' && p[1] == '-') {
				while (*p && *p != '\n')
					p++;
			} else if (p[0] == '/' && p[1] == '*') {
				const char *e = strstr(p + 2, "*/");
				p = e ? e + 2 : p + strlen(p);
			} else {
				break;
			}
		}
		t.p = p;
		if (!*p) {
			t.kind = T_END;
		} else if ((*p == 'x' || *p == 'X') && p[1] == '\'') {
			t.kind = T_STRING;
			p = skip_quoted(p + 1);
		} else if (*p == '\'') {
			t.kind = T_STRING;
			p = skip_quoted(p);
		} else if (*p == '"' || *p == '`' || *p == '[') {
			t.kind = T_QUOTED;
			p = skip_quoted(p);
		} else if (isdigit((unsigned char)*p) ||
			   (*p == '.' && isdigit((unsigned char)p[1]))) {
			t.kind = T_NUMBER;
			while (word_char(*p) || *p == '.' ||
			       ((*p == '+' || *p == '-') &&
				(p[-1] == 'e' || p[-1] == 'E')))
				p++;
		} else if (word_char(*p)) {
			t.kind = T_WORD;
			while (word_char(*p))
				p++;
		} else {
			t.kind = T_PUNCT;
			p++;
		}
		t.n = (size_t)(p - t.p);
		if (n == cap) {
			tok *nv = rt_arena_alloc(a, 2 * cap * sizeof(tok));
			memcpy(nv, v, n * sizeof(tok));
			v = nv;
			cap *= 2;
		}
		v[n++] = t;
		if (t.kind == T_END)
			break;
	}
	out->text = text;
	out->v = v;
	out->n = n;
}

/* Token i, or the final T_END past the end. */
static const tok *at(const toks *t, size_t i)
{
	return &t->v[i < t->n ? i : t->n - 1];
}

/* kw: an upper-case keyword of n letters. The first letter decides most
 * calls. */
static inline bool is_kw_n(const toks *t, size_t i, const char *kw, size_t n)
{
	const tok *k = at(t, i);
	return k->kind == T_WORD && (k->p[0] & ~0x20) == kw[0] && n == k->n &&
	       strncasecmp(k->p, kw, n) == 0;
}

/* kw: a string literal (its length known when compiling) */
#define is_kw(t, i, kw) is_kw_n(t, i, "" kw, sizeof(kw) - 1)

static bool is_punct(const toks *t, size_t i, char c)
{
	const tok *k = at(t, i);
	return k->kind == T_PUNCT && k->p[0] == c;
}

static bool is_name(const toks *t, size_t i)
{
	tok_kind k = at(t, i)->kind;
	return k == T_WORD || k == T_QUOTED || k == T_STRING;
}

/* The name token i spells, unquoted, in arena a. */
static const char *name_of(const toks *t, size_t i, rt_arena *a)
{
	const tok *k = at(t, i);
	rt_buf b = RT_BUF_INIT;
	const char *r;
	if (k->kind == T_WORD || k->n < 2)
		return rt_arena_strndup(a, k->p, k->n);
	char close = k->p[0] == '[' ? ']' : k->p[0];
	for (size_t j = 1; j + 1 < k->n; j++) {
		rt_buf_addch(&b, k->p[j]);
		if (k->p[j] == close && close != ']' && j + 2 < k->n &&
		    k->p[j + 1] == close)
			j++;
	}
	r = rt_arena_strndup(a, b.data, b.len);
	rt_buf_release(&b);
	return r;
}

/* The index just past the parenthesis that closes the one at i (or the
 * end). */
static size_t skip_parens(const toks *t, size_t i)
{
	int depth = 0;
	for (; at(t, i)->kind != T_END; i++) {
		if (is_punct(t, i, '('))
			depth++;
		else if (is_punct(t, i, ')') && --depth == 0)
			return i + 1;
	}
	return i;
}

/* The text of tokens [from, to) as written, in arena a. */
static const char *text_of(const toks *t, size_t from, size_t to, rt_arena *a)
{
	if (to <= from)
		return rt_arena_strdup(a, "");
	const tok *f = at(t, from), *l = at(t, to - 1);
	return rt_arena_strndup(a, f->p, (size_t)(l->p + l->n - f->p));
}

/* The text inside the parentheses that open at i; *next: past them. */
static const char *inside(const toks *t, size_t i, size_t *next, rt_arena *a)
{
	size_t end = skip_parens(t, i);
	*next = end;
	return text_of(t, i + 1, is_punct(t, end - 1, ')') ? end - 1 : end, a);
}

/* Comma-separated names in the parentheses at i (the first token of
 * each item: "a COLLATE x DESC" is a), into out; returns past them. */
static size_t name_list(rt_vec *out, const toks *t, size_t i, rt_arena *a)
{
	size_t end = skip_parens(t, i);
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
			rt_vec_push(out, a, (void *)name_of(t, j, a));
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

static bool constraint_start(const toks *t, size_t i)
{
	return is_kw(t, i, "CONSTRAINT") || is_kw(t, i, "PRIMARY") ||
	       is_kw(t, i, "UNIQUE") || is_kw(t, i, "CHECK") ||
	       is_kw(t, i, "FOREIGN");
}

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
	c->ref_table = name_of(t, i, a);
	i++;
	if (is_punct(t, i, '.') && is_name(t, i + 1)) {
		c->ref_table = name_of(t, i + 1, a);
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
		name = name_of(t, i + 1, a);
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
	col->name = name_of(t, i, a);
	rt_vec_push(&pt->cols, a, col);
	i++;
	while (!colcon_start(t, i) && !is_punct(t, i, ',') &&
	       !is_punct(t, i, ')') && at(t, i)->kind != T_END)
		i = is_punct(t, i, '(') ? skip_parens(t, i) : i + 1;
	for (;;) {
		pcon *c;
		if (is_kw(t, i, "CONSTRAINT")) {
			cname = name_of(t, i + 1, a);
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
				i = skip_parens(t, i);
			else if (is_punct(t, i, '+') || is_punct(t, i, '-'))
				i += 2;
			else
				i++;
		} else if (is_kw(t, i, "COLLATE")) {
			col->collate = name_of(t, i + 1, a);
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
		tokenize(&t, a, sql);
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
			i = is_punct(&t, i, '(') ? skip_parens(&t, i) : i + 1;
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
		tokenize(&pi->t, a, sql);
	toks *t = &pi->t;
	while (at(t, i)->kind != T_END && !is_punct(t, i, '('))
		i++;
	end = skip_parens(t, i);
	start = i + 1;
	for (size_t j = i + 1; j < end; j++) {
		bool last = j + 1 == end;
		if (is_punct(t, j, '('))
			depth++;
		else if (is_punct(t, j, ')') && !last)
			depth--;
		if ((depth == 0 && is_punct(t, j, ',')) || last) {
			rt_vec_push(&pi->items, a,
				    (void *)text_of(t, start, j, a));
			rt_vec_push(&pi->first, a, (void *)(start + 1));
			start = j + 1;
		}
	}
	if (is_kw(t, end, "WHERE")) {
		size_t stop = end + 1;
		while (at(t, stop)->kind != T_END && !is_punct(t, stop, ';'))
			stop++;
		pi->where = text_of(t, end + 1, stop, a);
	}
}

/* ---- reading the database ---- */

/* One result row: its cells, then the sort key the query's last columns
 * give (see fetch). */
typedef struct row {
	const char **cells;   /* NULL for SQL NULL */
	sqlite3_int64 k[3];   /* the integer keys, in the spec's order */
	const char *name;     /* the text key, NULL when the spec has none */
	const struct toks *t; /* given rows of sqlite_schema: sql's tokens */
} row;

typedef struct rows {
	size_t n, ncols;
	row **v;
} rows;

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

/* Rows by their keys: the integers in order, the text key after the
 * first (the keys of every query here are unique). */
static int row_cmp(const void *pa, const void *pb)
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
		if (v.len && sorted && row_cmp(v.items[v.len - 1], r) > 0)
			sorted = false;
		rt_vec_push(&v, l->a, r);
		out->n++;
	}
	if (rc != SQLITE_DONE)
		goto failed;
	sqlite3_finalize(st);
	if (!sorted)
		rt_vec_sort(&v, row_cmp);
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
	tokenize(&k, l->a, text);
	for (size_t i = 0; i < k.n; i++) {
		rt_column *c;
		if (!(at(&k, i)->kind == T_WORD ||
		      at(&k, i)->kind == T_QUOTED) ||
		    is_punct(&k, i + 1, '(') || is_punct(&k, i + 1, '.'))
			continue;
		c = find_column(t, name_of(&k, i, l->a));
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

static bool same_names(const rt_vec *a, const rt_vec *b)
{
	if (a->len != b->len)
		return false;
	for (size_t i = 0; i < a->len; i++)
		if (strcasecmp(a->items[i], b->items[i]) != 0)
			return false;
	return true;
}

/* The first constraint of type type written with columns cols (any, when
 * cols is NULL) not matched yet, or NULL. */
static pcon *written(ptable *pt, char type, const rt_vec *cols)
{
	for (size_t i = 0; i < pt->cons.len; i++) {
		pcon *c = pt->cons.items[i];
		if (c->type == type && !c->used &&
		    (!cols || same_names(&c->cols, cols))) {
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
		c = find_column(ti->t, name_of(t, f, l->a));
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
			if (!cols || !same_names(&w->cols, cols))
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
			if (f->used || !same_names(&w->cols, &f->from))
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

/* ---- the rows without SQLite ----
 *
 * What the four queries of load_db would return for a database whose
 * sqlite_schema holds the rows of rt_load__sqlite_objs, worked out from
 * the CREATE text by SQLite's own rules: declared types as
 * sqlite3AddColumn keeps them (the six standard names upper-cased),
 * defaults as the spans sqlite3AddDefaultValue keeps, INTEGER PRIMARY
 * KEY as the rowid (no autoindex), autoindexes numbered as
 * sqlite3CreateIndex names them, foreign keys numbered from the last one
 * written (SQLite keeps them newest first). Only a strict subset of
 * SQLite's grammar is read: anything else (comments, keywords as names,
 * COLLATE, ON CONFLICT, AUTOINCREMENT, generated columns, WITHOUT ROWID,
 * STRICT, MATCH, partial or expression indexes, a UNIQUE that SQLite would
 * merge into another index, expressions beyond plain comparisons, names
 * SQLite would not find) refuses, and the caller takes the SQLite round
 * trip. Refusing is always safe; guessing is not. */

typedef struct dcol {
	const char *name, *type, *dflt;
	bool notnull;
	int pk; /* 1-based place in the primary key, 0 none */
} dcol;

typedef struct dfk {
	const char *table;
	rt_vec from, to; /* const char *; to: empty when not written */
	const char *on_update, *on_delete;
} dfk;

typedef struct dtab {
	const char *name;
	size_t rowid;
	rt_vec cols;	/* dcol * */
	rt_vec pk;	/* const char *: the primary key's columns */
	rt_vec uniques; /* rt_vec * of column names, as created */
	rt_vec unames;	/* const char *: their autoindex names */
	rt_vec fks;	/* dfk *, as written */
	rt_vec checks;	/* size_t + 1: each CHECK's '(' token */
	int nauto;	/* autoindexes made so far */
} dtab;

typedef struct direct {
	rt_arena *a;
	const toks *t;
	dtab *tab;
	rt_map tables;	/* lower-cased name -> dtab * */
	rt_map indexes; /* lower-cased index name -> itself */
	rt_vec order;	/* dtab * */
	rows r[4];	/* what fetch returns, in load_db's order */
	rt_vec v[4];	/* row *: r's rows while they are made */
} direct;

/* Whether the quoted token k is closed: its closing character last and,
 * inside, only doubled ones ("a""b"), none for [x]. (The tokenizer also
 * ends a quoted token at the end of the text.) */
static bool closed(const tok *k)
{
	char close = k->p[0] == '[' ? ']' : k->p[0];
	if (k->n < 2 || k->p[k->n - 1] != close)
		return false;
	for (size_t j = 1; j + 1 < k->n; j++) {
		if (k->p[j] != close)
			continue;
		if (close == ']' || j + 2 >= k->n || k->p[j + 1] != close)
			return false;
		j++;
	}
	return true;
}

static bool adjacent(const toks *t, size_t i)
{
	return at(t, i)->p + at(t, i)->n == at(t, i + 1)->p;
}

/* A name SQLite reads as the same name for sure: a word that is no
 * keyword of SQLite's, or a closed "x", `x` or [x]; into *out. */
static bool ident(const char **out, const toks *t, size_t i, rt_arena *a)
{
	const tok *k = at(t, i);
	if (k->kind == T_WORD) {
		if (sqlite3_keyword_check(k->p, (int)k->n))
			return false;
	} else if (k->kind != T_QUOTED || !closed(k)) {
		return false;
	}
	*out = name_of(t, i, a);
	return **out != '\0';
}

static bool valid_number(const tok *k)
{
	const char *p = k->p, *e = k->p + k->n;
	bool digits = false;
	if (k->kind != T_NUMBER)
		return false;
	while (p < e && isdigit((unsigned char)*p))
		p++, digits = true;
	if (p < e && *p == '.')
		for (p++; p < e && isdigit((unsigned char)*p); p++)
			digits = true;
	if (!digits)
		return false;
	if (p < e && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < e && (*p == '+' || *p == '-'))
			p++;
		if (p == e || !isdigit((unsigned char)*p))
			return false;
		while (p < e && isdigit((unsigned char)*p))
			p++;
	}
	return p == e;
}

static bool valid_string(const tok *k)
{
	return k->kind == T_STRING && k->p[0] == '\'' && closed(k);
}

static dcol *dcol_find(const dtab *d, const char *name)
{
	for (size_t i = 0; i < d->cols.len; i++) {
		dcol *c = d->cols.items[i];
		/* first letters that differ in more than ASCII case */
		if (((c->name[0] ^ name[0]) & ~0x20) == 0 &&
		    strcasecmp(c->name, name) == 0)
			return c;
	}
	return NULL;
}

/* An expression of a CHECK (cols: names are d's columns) or a DEFAULT
 * in parentheses (no columns; calls, TRUE and FALSE allowed), from the
 * grammar below, every sentence of which SQLite's parser reads. */
typedef struct ex {
	const toks *t;
	size_t i;
	const dtab *d; /* NULL: a default */
	rt_arena *a;
} ex;

static bool ex_expr(ex *e);

static bool ex_op2(ex *e, char a, char b)
{
	if (is_punct(e->t, e->i, a) && is_punct(e->t, e->i + 1, b) &&
	    adjacent(e->t, e->i)) {
		e->i += 2;
		return true;
	}
	return false;
}

/* a lone one-character operator (not the start of a two-character one) */
static bool ex_op1(ex *e, char a)
{
	if (!is_punct(e->t, e->i, a))
		return false;
	if (at(e->t, e->i + 1)->kind == T_PUNCT && adjacent(e->t, e->i) &&
	    strchr("=<>|!", at(e->t, e->i + 1)->p[0]))
		return false;
	e->i++;
	return true;
}

static bool ex_primary(ex *e)
{
	const toks *t = e->t;
	const tok *k = at(t, e->i);
	const char *name;
	if (valid_number(k) || valid_string(k) || is_kw(t, e->i, "NULL") ||
	    (!e->d && (is_kw(t, e->i, "CURRENT_TIMESTAMP") ||
		       is_kw(t, e->i, "CURRENT_DATE") ||
		       is_kw(t, e->i, "CURRENT_TIME")))) {
		e->i++;
		return true;
	}
	if (is_punct(t, e->i, '(')) {
		e->i++;
		if (!ex_expr(e) || !is_punct(t, e->i, ')'))
			return false;
		e->i++;
		return true;
	}
	if (!ident(&name, t, e->i, e->a) || is_punct(t, e->i + 1, '.'))
		return false;
	if (is_punct(t, e->i + 1, '(')) {
		/* a call: only in a default, whose functions SQLite's
		 * schema reader does not look up */
		if (e->d || k->kind != T_WORD)
			return false;
		e->i += 2;
		if (!is_punct(t, e->i, ')')) {
			for (;;) {
				if (!ex_expr(e))
					return false;
				if (!is_punct(t, e->i, ','))
					break;
				e->i++;
			}
		}
		if (!is_punct(t, e->i, ')'))
			return false;
		e->i++;
		return true;
	}
	if (e->d ? !dcol_find(e->d, name)
		 : !(k->kind == T_WORD &&
		     (!strcasecmp(name, "true") || !strcasecmp(name, "false"))))
		return false;
	e->i++;
	return true;
}

static bool ex_unary(ex *e)
{
	while (ex_op1(e, '-') || ex_op1(e, '+'))
		;
	return ex_primary(e);
}

static bool ex_mul(ex *e)
{
	if (!ex_unary(e))
		return false;
	while (ex_op1(e, '*') || ex_op1(e, '/') || ex_op1(e, '%'))
		if (!ex_unary(e))
			return false;
	return true;
}

static bool ex_add(ex *e)
{
	if (!ex_mul(e))
		return false;
	while (ex_op2(e, '|', '|') || ex_op1(e, '+') || ex_op1(e, '-'))
		if (!ex_mul(e))
			return false;
	return true;
}

/* add [(= == != <> < <= > >=) add | [NOT] BETWEEN add AND add |
 * [NOT] IN (expr, ...) | IS [NOT] NULL] */
static bool ex_cmp(ex *e)
{
	const toks *t = e->t;
	if (!ex_add(e))
		return false;
	if (ex_op2(e, '=', '=') || ex_op2(e, '!', '=') || ex_op2(e, '<', '>') ||
	    ex_op2(e, '<', '=') || ex_op2(e, '>', '=') || ex_op1(e, '=') ||
	    ex_op1(e, '<') || ex_op1(e, '>'))
		return ex_add(e);
	if (is_kw(t, e->i, "IS")) {
		e->i += is_kw(t, e->i + 1, "NOT") ? 2 : 1;
		if (!is_kw(t, e->i, "NULL"))
			return false;
		e->i++;
		return true;
	}
	if (is_kw(t, e->i, "NOT") &&
	    (is_kw(t, e->i + 1, "BETWEEN") || is_kw(t, e->i + 1, "IN")))
		e->i++;
	if (is_kw(t, e->i, "BETWEEN")) {
		e->i++;
		if (!ex_add(e) || !is_kw(t, e->i, "AND"))
			return false;
		e->i++;
		return ex_add(e);
	}
	if (is_kw(t, e->i, "IN")) {
		e->i++;
		if (!is_punct(t, e->i, '('))
			return false;
		e->i++;
		for (;;) {
			if (!ex_expr(e))
				return false;
			if (!is_punct(t, e->i, ','))
				break;
			e->i++;
		}
		if (!is_punct(t, e->i, ')'))
			return false;
		e->i++;
	}
	return true;
}

static bool ex_not(ex *e)
{
	while (is_kw(e->t, e->i, "NOT"))
		e->i++;
	return ex_cmp(e);
}

static bool ex_and(ex *e)
{
	if (!ex_not(e))
		return false;
	while (is_kw(e->t, e->i, "AND")) {
		e->i++;
		if (!ex_not(e))
			return false;
	}
	return true;
}

static bool ex_expr(ex *e)
{
	if (!ex_and(e))
		return false;
	while (is_kw(e->t, e->i, "OR")) {
		e->i++;
		if (!ex_and(e))
			return false;
	}
	return true;
}

/* The expression in the parentheses at *i, all of it; *i: past them. */
static bool paren_expr(direct *g, const dtab *d, size_t *i)
{
	ex e = {g->t, *i + 1, d, g->a};
	if (!is_punct(g->t, *i, '(') || !ex_expr(&e) ||
	    !is_punct(g->t, e.i, ')'))
		return false;
	*i = e.i + 1;
	return true;
}

/* CHECK (expr) at *i, read when all columns are known (SQLite resolves
 * its names at the end of the table); *i: past it. */
static bool later_check(direct *g, dtab *d, size_t *i)
{
	if (!is_punct(g->t, *i + 1, '('))
		return false;
	rt_vec_push(&d->checks, g->a, (void *)(uintptr_t)(*i + 2));
	*i = skip_parens(g->t, *i + 1);
	return true;
}

/* (name, ...) of plain names, each once, each a column of d (its declared
 * spelling into out), at *i; *i: past it. */
static bool col_list(rt_vec *out, direct *g, const dtab *d, size_t *i)
{
	const toks *t = g->t;
	if (!is_punct(t, *i, '('))
		return false;
	(*i)++;
	for (;;) {
		const char *name;
		dcol *c;
		if (!ident(&name, t, *i, g->a) || !(c = dcol_find(d, name)))
			return false;
		for (size_t k = 0; k < out->len; k++)
			if (!strcmp(out->items[k], c->name))
				return false;
		rt_vec_push(out, g->a, (void *)c->name);
		(*i)++;
		if (is_punct(t, *i, ')'))
			break;
		if (!is_punct(t, *i, ','))
			return false;
		(*i)++;
	}
	(*i)++;
	return true;
}

/* The autoindex of a UNIQUE or a primary key that is not the rowid;
 * false when SQLite would merge it into one the table has (refused). */
static bool add_unique(direct *g, dtab *d, rt_vec *cols, bool pk)
{
	if (!pk && d->pk.len && same_names(&d->pk, cols))
		return false;
	for (size_t k = 0; k < d->uniques.len; k++)
		if (same_names(d->uniques.items[k], cols))
			return false;
	d->nauto++;
	if (pk)
		return true;
	rt_vec_push(&d->uniques, g->a, cols);
	rt_vec_push(&d->unames, g->a,
		    (void *)rt_arena_printf(g->a, "sqlite_autoindex_%s_%d",
					    d->name, d->nauto));
	return true;
}

static bool set_pk(direct *g, dtab *d, rt_vec *cols)
{
	if (d->pk.len)
		return false; /* more than one primary key */
	for (size_t k = 0; k < d->uniques.len; k++)
		if (same_names(d->uniques.items[k], cols))
			return false; /* SQLite would merge them */
	d->pk = *cols;
	for (size_t k = 0; k < cols->len; k++)
		dcol_find(d, cols->items[k])->pk = (int)k + 1;
	if (cols->len == 1 &&
	    !strcmp(dcol_find(d, cols->items[0])->type, "INTEGER"))
		return true; /* the rowid: no index */
	return add_unique(g, d, cols, true);
}

static const char *fk_action_at(const toks *t, size_t *i)
{
	static const char *const acts[][3] = {
	    {"SET", "NULL", "SET NULL"},    {"SET", "DEFAULT", "SET DEFAULT"},
	    {"NO", "ACTION", "NO ACTION"},  {"CASCADE", NULL, "CASCADE"},
	    {"RESTRICT", NULL, "RESTRICT"},
	};
	for (size_t k = 0; k < RT_ARRAY_LEN(acts); k++) {
		if (!is_kw_n(t, *i, acts[k][0], strlen(acts[k][0])) ||
		    (acts[k][1] &&
		     !is_kw_n(t, *i + 1, acts[k][1], strlen(acts[k][1]))))
			continue;
		*i += acts[k][1] ? 2 : 1;
		return acts[k][2];
	}
	return NULL;
}

/* REFERENCES name [(names)] [ON DELETE|UPDATE action]... [[NOT]
 * DEFERRABLE [INITIALLY DEFERRED|IMMEDIATE]] at *i, for the columns
 * from (already in f). */
static bool references(direct *g, dfk *f, size_t *i)
{
	const toks *t = g->t;
	if (!is_kw(t, *i, "REFERENCES") || !ident(&f->table, t, *i + 1, g->a))
		return false;
	*i += 2;
	f->on_update = f->on_delete = "NO ACTION";
	if (is_punct(t, *i, '(')) {
		(*i)++;
		for (;;) {
			const char *name;
			if (!ident(&name, t, *i, g->a))
				return false;
			rt_vec_push(&f->to, g->a, (void *)name);
			(*i)++;
			if (is_punct(t, *i, ')'))
				break;
			if (!is_punct(t, *i, ','))
				return false;
			(*i)++;
		}
		(*i)++;
		if (f->to.len != f->from.len)
			return false;
	}
	while (is_kw(t, *i, "ON")) {
		bool del = is_kw(t, *i + 1, "DELETE");
		const char *act;
		if (!del && !is_kw(t, *i + 1, "UPDATE"))
			return false;
		*i += 2;
		if (!(act = fk_action_at(t, i)))
			return false;
		*(del ? &f->on_delete : &f->on_update) = act;
	}
	if (is_kw(t, *i, "NOT") && is_kw(t, *i + 1, "DEFERRABLE"))
		*i += 2;
	else if (is_kw(t, *i, "DEFERRABLE"))
		(*i)++;
	else
		return true;
	if (is_kw(t, *i, "INITIALLY") &&
	    (is_kw(t, *i + 1, "DEFERRED") || is_kw(t, *i + 1, "IMMEDIATE")))
		*i += 2;
	return true;
}

/* The declared type at *i as SQLite keeps it: words that are no
 * keywords, then (n) or (n, m); "" for none. */
static bool decl_type(const char **out, direct *g, size_t *i)
{
	static const char *const std[] = {"ANY",     "BLOB", "INT",
					  "INTEGER", "REAL", "TEXT"};
	const toks *t = g->t;
	size_t from = *i;
	while (at(t, *i)->kind == T_WORD &&
	       !sqlite3_keyword_check(at(t, *i)->p, (int)at(t, *i)->n))
		(*i)++;
	if (*i > from && is_punct(t, *i, '(')) {
		for (int n = 0; n < 2; n++) {
			(*i)++;
			if (is_punct(t, *i, '+') || is_punct(t, *i, '-'))
				(*i)++;
			if (!valid_number(at(t, *i)))
				return false;
			(*i)++;
			if (!is_punct(t, *i, ','))
				break;
		}
		if (!is_punct(t, *i, ')'))
			return false;
		(*i)++;
	}
	*out = text_of(t, from, *i, g->a);
	size_t n = strlen(*out);
	if (n >= 6 && !strcasecmp(*out + n - 6, "always"))
		return false; /* SQLite would cut it off */
	for (size_t k = 0; k < RT_ARRAY_LEN(std); k++)
		if (!strcasecmp(*out, std[k]))
			*out = std[k];
	return true;
}

/* DEFAULT's value at *i: the span SQLite keeps. */
static bool default_value(const char **out, direct *g, size_t *i)
{
	const toks *t = g->t;
	const tok *k = at(t, *i);
	size_t from = *i;
	if (valid_number(k) || valid_string(k) || is_kw(t, *i, "NULL") ||
	    is_kw(t, *i, "CURRENT_TIMESTAMP") || is_kw(t, *i, "CURRENT_DATE") ||
	    is_kw(t, *i, "CURRENT_TIME") ||
	    (k->kind == T_WORD && !sqlite3_keyword_check(k->p, (int)k->n))) {
		(*i)++;
	} else if ((is_punct(t, *i, '-') || is_punct(t, *i, '+')) &&
		   valid_number(at(t, *i + 1))) {
		*i += 2;
	} else if (is_punct(t, *i, '(')) {
		if (!paren_expr(g, NULL, i))
			return false;
		*out = text_of(t, from + 1, *i - 1, g->a);
		return true;
	} else {
		return false;
	}
	*out = text_of(t, from, *i, g->a);
	return true;
}

/* A column definition at *i. */
static bool direct_column(direct *g, dtab *d, size_t *i)
{
	const toks *t = g->t;
	dcol *c = RT_NEW(g->a, dcol);
	if (!ident(&c->name, t, *i, g->a) || dcol_find(d, c->name))
		return false;
	(*i)++;
	if (!decl_type(&c->type, g, i))
		return false;
	rt_vec_push(&d->cols, g->a, c);
	for (;;) {
		bool named = false;
		if (is_kw(t, *i, "CONSTRAINT")) {
			const char *name;
			if (!ident(&name, t, *i + 1, g->a))
				return false;
			*i += 2;
			named = true;
		}
		if (is_kw(t, *i, "NOT") && is_kw(t, *i + 1, "NULL")) {
			c->notnull = true;
			*i += 2;
		} else if (is_kw(t, *i, "NULL")) {
			(*i)++;
		} else if (is_kw(t, *i, "DEFAULT")) {
			(*i)++;
			if (!default_value(&c->dflt, g, i))
				return false;
		} else if (is_kw(t, *i, "PRIMARY") && is_kw(t, *i + 1, "KEY")) {
			rt_vec one = {0};
			*i += 2;
			if (is_kw(t, *i, "ASC"))
				(*i)++;
			rt_vec_push(&one, g->a, (void *)c->name);
			if (!set_pk(g, d, &one))
				return false;
		} else if (is_kw(t, *i, "UNIQUE")) {
			rt_vec *one = RT_NEW(g->a, rt_vec);
			(*i)++;
			rt_vec_push(one, g->a, (void *)c->name);
			if (!add_unique(g, d, one, false))
				return false;
		} else if (is_kw(t, *i, "CHECK")) {
			if (!later_check(g, d, i))
				return false;
		} else if (is_kw(t, *i, "REFERENCES")) {
			dfk *f = RT_NEW(g->a, dfk);
			rt_vec_push(&f->from, g->a, (void *)c->name);
			if (!references(g, f, i))
				return false;
			rt_vec_push(&d->fks, g->a, f);
		} else {
			return !named &&
			       (is_punct(t, *i, ',') || is_punct(t, *i, ')'));
		}
	}
}

/* A table constraint at *i. */
static bool direct_constraint(direct *g, dtab *d, size_t *i)
{
	const toks *t = g->t;
	if (is_kw(t, *i, "CONSTRAINT")) {
		const char *name;
		if (!ident(&name, t, *i + 1, g->a))
			return false;
		*i += 2;
	}
	if (is_kw(t, *i, "PRIMARY") && is_kw(t, *i + 1, "KEY")) {
		rt_vec cols = {0};
		*i += 2;
		return col_list(&cols, g, d, i) && set_pk(g, d, &cols);
	}
	if (is_kw(t, *i, "UNIQUE")) {
		rt_vec *cols = RT_NEW(g->a, rt_vec);
		(*i)++;
		return col_list(cols, g, d, i) && add_unique(g, d, cols, false);
	}
	if (is_kw(t, *i, "CHECK"))
		return later_check(g, d, i);
	if (is_kw(t, *i, "FOREIGN") && is_kw(t, *i + 1, "KEY")) {
		dfk *f = RT_NEW(g->a, dfk);
		*i += 2;
		if (!col_list(&f->from, g, d, i) || !references(g, f, i))
			return false;
		rt_vec_push(&d->fks, g->a, f);
		return true;
	}
	return false;
}

static row *drow(direct *g, int query, size_t ncols)
{
	row *r = RT_NEW(g->a, row);
	r->cells = rt_arena_alloc(g->a, ncols * sizeof(char *));
	memset(r->cells, 0, ncols * sizeof(char *));
	rt_vec_push(&g->v[query], g->a, r);
	return r;
}

static const char *num(direct *g, long n)
{
	static const char digits[] = "0123456789";
	char *p;
	if (n < 0 || n > 99)
		return rt_arena_printf(g->a, "%ld", n);
	p = rt_arena_alloc(g->a, 3);
	if (n > 9)
		*p++ = digits[n / 10];
	p[0] = digits[n % 10];
	p[1] = '\0';
	return n > 9 ? p - 1 : p;
}

static bool reserved_name(const char *name)
{
	return !strncasecmp(name, "sqlite_", 7) ||
	       !strcasecmp(name, TRACKING_TABLE);
}

/* CREATE TABLE name (columns, constraints), the whole of text. */
static bool direct_table(direct *g, const rt_load_sqlite_obj *o,
			 const char *text, size_t rowid)
{
	const toks *t = g->t;
	dtab *d = RT_NEW(g->a, dtab);
	const char *k;
	size_t i = 2;
	bool constraints = false;
	d->rowid = rowid;
	if (!is_kw(t, 0, "CREATE") || !is_kw(t, 1, "TABLE") ||
	    !ident(&d->name, t, i, g->a) || strcmp(d->name, o->name) ||
	    strcmp(o->name, o->tbl_name) || reserved_name(d->name))
		return false;
	k = rt_arena_strlower(g->a, d->name);
	if (rt_map_get(&g->tables, k, strlen(k)))
		return false;
	if (!is_punct(t, ++i, '('))
		return false;
	i++;
	for (;;) {
		if (!constraints && !constraint_start(t, i)) {
			if (!direct_column(g, d, &i))
				return false;
		} else {
			constraints = true;
			if (!d->cols.len || !direct_constraint(g, d, &i))
				return false;
		}
		if (is_punct(t, i, ')'))
			break;
		if (!is_punct(t, i, ','))
			return false;
		i++;
	}
	if (at(t, i + 1)->kind != T_END)
		return false; /* WITHOUT ROWID, STRICT, ... */
	for (size_t c = 0; c < d->checks.len; c++) {
		size_t at_paren = (size_t)(uintptr_t)d->checks.items[c] - 1;
		if (!paren_expr(g, d, &at_paren))
			return false;
	}
	rt_map_put(&g->tables, g->a, k, strlen(k), d);
	rt_vec_push(&g->order, g->a, d);
	/* the rows: sqlite_schema's, then the pragmas' */
	row *r = drow(g, 0, 4);
	r->cells[0] = "table";
	r->cells[1] = o->name;
	r->cells[2] = o->tbl_name;
	r->cells[3] = text;
	r->t = t;
	for (size_t c = 0; c < d->cols.len; c++) {
		dcol *col = d->cols.items[c];
		r = drow(g, 1, 7);
		r->cells[0] = o->name;
		r->cells[1] = col->name;
		r->cells[2] = col->type;
		r->cells[3] = col->notnull ? "1" : "0";
		r->cells[4] = col->dflt;
		r->cells[5] = num(g, col->pk);
		r->cells[6] = "0";
		r->k[0] = (sqlite3_int64)rowid;
		r->k[1] = (sqlite3_int64)c;
	}
	for (size_t u = 0; u < d->uniques.len; u++) {
		rt_vec *cols = d->uniques.items[u];
		for (size_t c = 0; c < cols->len; c++) {
			const char *col = cols->items[c];
			size_t cid = 0;
			while (strcmp(((dcol *)d->cols.items[cid])->name, col))
				cid++;
			r = drow(g, 2, 6);
			r->cells[0] = o->name;
			r->cells[1] = d->unames.items[u];
			r->cells[2] = "1";
			r->cells[3] = "u";
			r->cells[4] = num(g, (long)cid);
			r->cells[5] = col;
			r->k[0] = (sqlite3_int64)rowid;
			r->name = d->unames.items[u];
			r->k[1] = (sqlite3_int64)c;
		}
	}
	for (size_t f = 0; f < d->fks.len; f++) {
		dfk *fk = d->fks.items[f];
		long id = (long)(d->fks.len - 1 - f);
		for (size_t c = 0; c < fk->from.len; c++) {
			r = drow(g, 3, 7);
			r->cells[0] = o->name;
			r->cells[1] = num(g, id);
			r->cells[2] = fk->table;
			r->cells[3] = fk->from.items[c];
			r->cells[4] = fk->to.len ? fk->to.items[c] : NULL;
			r->cells[5] = fk->on_update;
			r->cells[6] = fk->on_delete;
			r->k[0] = (sqlite3_int64)rowid;
			r->k[1] = id;
			r->k[2] = (sqlite3_int64)c;
		}
	}
	return true;
}

/* CREATE [UNIQUE] INDEX name ON table (key [ASC|DESC], ...), the whole
 * of text, on a table made before it; a key is a column, or lower() or
 * upper() of one. */
static bool direct_index(direct *g, const rt_load_sqlite_obj *o,
			 const char *text)
{
	const toks *t = g->t;
	size_t i = 1;
	const char *name, *table, *k;
	dtab *d;
	if (!is_kw(t, 0, "CREATE"))
		return false;
	if (is_kw(t, i, "UNIQUE"))
		i++;
	if (!is_kw(t, i, "INDEX") || !ident(&name, t, i + 1, g->a) ||
	    strcmp(name, o->name) || reserved_name(name) ||
	    !is_kw(t, i + 2, "ON") || !ident(&table, t, i + 3, g->a) ||
	    strcmp(table, o->tbl_name))
		return false;
	k = rt_arena_strlower(g->a, table);
	if (!(d = rt_map_get(&g->tables, k, strlen(k))))
		return false;
	k = rt_arena_strlower(g->a, name);
	if (rt_map_get(&g->tables, k, strlen(k)) ||
	    rt_map_get(&g->indexes, k, strlen(k)))
		return false;
	rt_map_put(&g->indexes, g->a, k, strlen(k), (void *)k);
	i += 4;
	if (!is_punct(t, i, '('))
		return false;
	for (i++;;) {
		const char *col;
		if (at(t, i)->kind == T_WORD && is_punct(t, i + 1, '(') &&
		    (is_kw(t, i, "LOWER") || is_kw(t, i, "UPPER"))) {
			/* lower(column), upper(column): deterministic
			 * functions of one argument, as an index needs */
			if (!ident(&col, t, i + 2, g->a) ||
			    !dcol_find(d, col) || !is_punct(t, i + 3, ')'))
				return false;
			i += 4;
		} else if (ident(&col, t, i, g->a) && dcol_find(d, col)) {
			i++;
		} else {
			return false;
		}
		if (is_kw(t, i, "ASC") || is_kw(t, i, "DESC"))
			i++;
		if (is_punct(t, i, ')'))
			break;
		if (!is_punct(t, i, ','))
			return false;
		i++;
	}
	if (at(t, i + 1)->kind != T_END)
		return false; /* WHERE, ... */
	row *r = drow(g, 0, 4);
	r->cells[0] = "index";
	r->cells[1] = o->name;
	r->cells[2] = o->tbl_name;
	r->cells[3] = text;
	r->t = t;
	return true;
}

/* The rows of objs into g->r, or false (refused). */
static bool direct_rows(direct *g, const char *sql,
			const rt_load_sqlite_obj *const *objs, size_t n)
{
	static const char *const keys[] = {"", "ii", "iti", "iii"};
	static const size_t ncols[] = {4, 7, 6, 7};
	for (size_t i = 0; i < n; i++) {
		const rt_load_sqlite_obj *o = objs[i];
		const char *text =
		    rt_arena_strndup(g->a, sql + o->start, o->end - o->start);
		toks *t = RT_NEW(g->a, toks);
		bool ok;
		if (strstr(text, "--") || strstr(text, "/*"))
			return false;
		tokenize(t, g->a, text);
		g->t = t;
		if (!strcmp(o->type, "table"))
			ok = direct_table(g, o, text, i + 1);
		else
			ok = !strcmp(o->type, "index") &&
			     direct_index(g, o, text);
		g->t = NULL;
		if (!ok)
			return false;
	}
	for (int q = 0; q < 4; q++) {
		bool sorted = true;
		for (size_t k = 1; sorted && k < g->v[q].len; k++)
			sorted = row_cmp(g->v[q].items[k - 1],
					 g->v[q].items[k]) <= 0;
		if (keys[q][0] && !sorted)
			rt_vec_sort(&g->v[q], row_cmp);
		g->r[q].n = g->v[q].len;
		g->r[q].ncols = ncols[q];
		g->r[q].v = (row **)g->v[q].items;
	}
	return true;
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
	direct g = {.a = a};
	loader l = {0};
	rt_error quiet = {0};
	if (!direct_rows(&g, sql, objs, n))
		return 1;
	l.a = a;
	l.name = rt_arena_strdup(a, name);
	l.given = g.r;
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
