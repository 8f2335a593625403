/* SPDX-License-Identifier: MIT */
/*
 * The SQLite loader's rows without SQLite (rt_load__sqlite_direct_rows):
 * what the four queries of load_db would return for a database whose
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
#include "base/common.h"

#include <ctype.h>

#include "base/map.h"
#include "load/load_sqlite_int.h"

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
		if (rt_load__sqlite_keyword(k->p, k->n))
			return false;
	} else if (k->kind != T_QUOTED || !closed(k)) {
		return false;
	}
	*out = rt_load__sqlite_name(t, i, a);
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

/* expr, ... ) with e->i past the '(': the list and its ')'. */
static bool ex_list(ex *e)
{
	for (;;) {
		if (!ex_expr(e))
			return false;
		if (!is_punct(e->t, e->i, ','))
			break;
		e->i++;
	}
	if (!is_punct(e->t, e->i, ')'))
		return false;
	e->i++;
	return true;
}

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
		if (is_punct(t, e->i, ')')) {
			e->i++;
			return true;
		}
		return ex_list(e);
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
		return ex_list(e);
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
	*i = rt_load__sqlite_skip_parens(g->t, *i + 1);
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
	if (!pk && d->pk.len && rt_load__sqlite_same_names(&d->pk, cols))
		return false;
	for (size_t k = 0; k < d->uniques.len; k++)
		if (rt_load__sqlite_same_names(d->uniques.items[k], cols))
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
		if (rt_load__sqlite_same_names(d->uniques.items[k], cols))
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
	       !rt_load__sqlite_keyword(at(t, *i)->p, at(t, *i)->n))
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
	*out = rt_load__sqlite_span(t, from, *i, g->a);
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
	    (k->kind == T_WORD && !rt_load__sqlite_keyword(k->p, k->n))) {
		(*i)++;
	} else if ((is_punct(t, *i, '-') || is_punct(t, *i, '+')) &&
		   valid_number(at(t, *i + 1))) {
		*i += 2;
	} else if (is_punct(t, *i, '(')) {
		if (!paren_expr(g, NULL, i))
			return false;
		*out = rt_load__sqlite_span(t, from + 1, *i - 1, g->a);
		return true;
	} else {
		return false;
	}
	*out = rt_load__sqlite_span(t, from, *i, g->a);
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
		r->k[0] = (int64_t)rowid;
		r->k[1] = (int64_t)c;
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
			r->k[0] = (int64_t)rowid;
			r->name = d->unames.items[u];
			r->k[1] = (int64_t)c;
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
			r->k[0] = (int64_t)rowid;
			r->k[1] = id;
			r->k[2] = (int64_t)c;
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
		rt_load__sqlite_lex(t, g->a, text);
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
			sorted = rt_load__sqlite_row_cmp(g->v[q].items[k - 1],
							 g->v[q].items[k]) <= 0;
		if (keys[q][0] && !sorted)
			rt_vec_sort(&g->v[q], rt_load__sqlite_row_cmp);
		g->r[q].n = g->v[q].len;
		g->r[q].ncols = ncols[q];
		g->r[q].v = (row **)g->v[q].items;
	}
	return true;
}

bool rt_load__sqlite_direct_rows(rows out[4], rt_arena *a, const char *sql,
				 const rt_load_sqlite_obj *const *objs,
				 size_t n)
{
	direct g = {.a = a};
	if (!direct_rows(&g, sql, objs, n))
		return false;
	memcpy(out, g.r, sizeof(g.r));
	return true;
}
