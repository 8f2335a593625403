/* SPDX-License-Identifier: MIT */
/*
 * The live PostgreSQL loader's object kinds: each statement's rows (read
 * with load_pg_rows.c's helpers) turned into the model, in the order of
 * load_pg.c's steps (load_first ... load_unmanaged), the indexes'
 * shapes (one canon parse per shape and table) and the dependencies
 * added once the model is complete (load_depends_finish). No libpq here.
 */
#include "base/common.h"

#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/error.h"
#include "base/map.h"
#include "base/sql.h"
#include "base/vec.h"
#include "load/load.h"
#include "load/load_int.h"
#include "load/load_pg_int.h"
#include "schema/canon.h"
#include "schema/schema.h"

/* ---- object kinds ------------------------------------------------------ */

/* The rows of q_first: the schemas, extensions, collations and probes. */
/* A 'c' row of q_first: schema, name, provider, LC_COLLATE, LC_CTYPE, ICU
 * locale, deterministic ('t' or 'f'), comment. */
static void load_collation(loader *l, const pg_rows *r, size_t i)
{
	rt_collation *c = RT_NEW(l->a, rt_collation);

	c->schema = cell(r, i, 1);
	c->name = cell(r, i, 2);
	c->provider = cell_char(r, i, 3);
	c->lc_collate = cell(r, i, 4);
	c->lc_ctype = cell(r, i, 5);
	if (c->provider == 'i' && cell(r, i, 6)) {
		c->lc_collate = cell(r, i, 6);
		c->lc_ctype = cell(r, i, 6);
	}
	c->deterministic = cell_bool(r, i, 7);
	c->comment = cell(r, i, 8);
	rt_schema_add(l->s, RT_KIND_COLLATION, &c->obj);
}

/* The result of q_snapshot. */
int rt_load__pg_load_snapshot(loader *l, const pg_rows *r, rt_error *err)
{
	if (r->n == 1 && r->ncols == 1)
		l->snapshot = cell(r, 0, 0);
	/* an exported snapshot's name: hex digits and dashes */
	if (!l->snapshot || !*l->snapshot ||
	    strspn(l->snapshot, "0123456789ABCDEFabcdef-") !=
		strlen(l->snapshot))
		return rt_errorf(err, RT_EDB,
				 "cannot read a snapshot from '%s': the server "
				 "exported none",
				 l->where);
	return 0;
}

int rt_load__pg_load_first(loader *l, const pg_rows *rows, rt_error *err)
{
	pg_rows r = *rows;
	size_t i;

	(void)err;
	for (i = 0; i < r.n; i++) {
		char k = cell_char(&r, i, 0);

		if (k == 'c') {
			load_collation(l, &r, i);
		} else if (k == 'p') {
			l->probes = cell(&r, i, 1);
		} else if (k == 'n') {
			rt_namespace *ns = RT_NEW(l->a, rt_namespace);

			ns->name = cell(&r, i, 1);
			ns->comment = cell(&r, i, 2);
			rt_schema_add(l->s, RT_KIND_NAMESPACE, &ns->obj);
		} else {
			rt_extension *x = RT_NEW(l->a, rt_extension);

			x->name = cell(&r, i, 1);
			x->schema = cell(&r, i, 2);
			x->version = cell(&r, i, 3);
			rt_schema_add(l->s, RT_KIND_EXTENSION, &x->obj);
		}
	}
	return 0;
}

/* An oid's text ("16384") as a number: digits only, as the server prints
 * it (strtoul's generality was a visible part of the client's time). */
static unsigned long parse_oid(const char *s)
{
	unsigned long n = 0;

	for (; *s >= '0' && *s <= '9'; s++)
		n = n * 10 + (unsigned long)(*s - '0');
	return n;
}

/* A comment's sort key: catalog, oid (32 bits), column (attnums are below
 * 2^16), so that one comparison orders them. */
static uint64_t comment_key(char cls, unsigned long oid, long sub)
{
	uint64_t c = cls == 'r' ? 0 : cls == 't' ? 1 : 2;

	return c << 48 | (uint64_t)(oid & 0xffffffffu) << 16 |
	       (uint64_t)(sub & 0xffff);
}

static int cmp_comment(const void *x, const void *y)
{
	const comment *a = x, *b = y;

	return (a->key > b->key) - (a->key < b->key);
}

/* The index of the first comment whose key is key or more. */
static size_t comment_seek(const loader *l, uint64_t key)
{
	size_t lo = 0, hi = l->ncomments;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (l->comments[mid].key < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The comment on object oid (column sub, or 0) of catalog cls (see
 * comment), or NULL. */
static const char *comment_of(const loader *l, char cls, unsigned long oid,
			      long sub)
{
	uint64_t key = comment_key(cls, oid, sub);
	size_t k = comment_seek(l, key);

	return k < l->ncomments && l->comments[k].key == key
		   ? l->comments[k].text
		   : NULL;
}

static int cmp_collation_ent(const void *x, const void *y)
{
	const collation_ent *a = x, *b = y;

	return (a->oid > b->oid) - (a->oid < b->oid);
}

/* The collation of oid (text) from q_enums' list, or NULL. */
static const collation_ent *coll_of(const loader *l, const char *oid)
{
	collation_ent key = {parse_oid(oid), NULL, NULL};

	if (!l->ncolls)
		return NULL;
	return bsearch(&key, l->colls, l->ncolls, sizeof(key),
		       cmp_collation_ent);
}

/* The rows of q_enums: the comments and collations, then the enum types
 * (which have comments too). */
int rt_load__pg_load_enums(loader *l, const pg_rows *rows, rt_error *err)
{
	pg_rows r = *rows;
	size_t i;

	l->comments =
	    rt_arena_alloc(l->a, (r.n ? r.n : 1) * sizeof(*l->comments));
	l->colls = rt_arena_alloc(l->a, (r.n ? r.n : 1) * sizeof(*l->colls));
	for (i = 0; i < r.n; i++) {
		char k = cell_char(&r, i, 0);

		if (k == 'l')
			l->colls[l->ncolls++] =
			    (collation_ent){parse_oid(cell(&r, i, 1)),
					    cell(&r, i, 2), cell(&r, i, 3)};
		else if (k != 'e' && cell(&r, i, 3))
			l->comments[l->ncomments++] = (comment){
			    comment_key(k, parse_oid(cell(&r, i, 1)),
					(long)parse_oid(cell(&r, i, 2))),
			    cell(&r, i, 3)};
	}
	/* pg_description's rows often come in the order they were made,
	 * which is mostly the objects' */
	for (i = 1; i < l->ncomments; i++)
		if (l->comments[i].key < l->comments[i - 1].key)
			break;
	if (i < l->ncomments)
		qsort(l->comments, l->ncomments, sizeof(*l->comments),
		      cmp_comment);
	qsort(l->colls, l->ncolls, sizeof(*l->colls), cmp_collation_ent);
	for (i = 0; i < r.n; i++) {
		rt_enum *e;

		if (cell_char(&r, i, 0) != 'e')
			continue;
		e = RT_NEW(l->a, rt_enum);
		e->schema = cell(&r, i, 2);
		e->name = cell(&r, i, 3);
		if (rt_load__pg_parse_array(&e->labels, l->a, cell(&r, i, 4)) <
		    0)
			return rt_load__pg_bad_array("labels", e->name, err);
		e->comment = comment_of(l, 't', parse_oid(cell(&r, i, 1)), 0);
		rt_schema_add(l->s, RT_KIND_ENUM, &e->obj);
	}
	return 0;
}

/* The type of a sequence from its oid (q_sequences): smallint, integer or
 * bigint, as format_type prints them; NULL for another. */
static const char *seq_type(const char *oid)
{
	switch (strtoul(oid, NULL, 10)) {
	case 21:
		return "smallint";
	case 23:
		return "integer";
	case 20:
		return "bigint";
	default:
		return NULL;
	}
}

/* The column that owns sequence row i of q_sequences, from the tables and
 * columns already converted (NULL when its table is not one retort
 * loads); n is its attnum. */
static rt_column *seq_owner(loader *l, const pg_rows *r, size_t i,
			    table_ref **ref_out)
{
	table_ref *ref = rt_load__pg_find_ref(l, cell(r, i, 11));
	long n;

	*ref_out = ref;
	if (!ref || !cell(r, i, 12))
		return NULL;
	n = strtol(cell(r, i, 12), NULL, 10);
	if (n <= 0 || (size_t)n >= ref->natt)
		return NULL;
	return ref->col[n];
}

int rt_load__pg_load_sequences(loader *l, const pg_rows *rows, rt_error *err)
{
	pg_rows r = *rows;
	size_t i;

	for (i = 0; i < r.n; i++) {
		rt_sequence *q = RT_NEW(l->a, rt_sequence);
		table_ref *ref;
		rt_column *owner = seq_owner(l, &r, i, &ref), *idcol = NULL;

		if (cell_char(&r, i, 10) == 'i') {
			/* an identity column's, which has its type */
			idcol = owner;
			if (!idcol || !idcol->identity)
				continue;
		}
		q->schema = cell(&r, i, 0);
		q->name = cell(&r, i, 1);
		q->type = idcol ? idcol->type.name : seq_type(cell(&r, i, 2));
		if (!q->type ||
		    rt_load__pg_parse_int64(&q->start, cell(&r, i, 3)) < 0 ||
		    rt_load__pg_parse_int64(&q->increment, cell(&r, i, 4)) <
			0 ||
		    rt_load__pg_parse_int64(&q->min, cell(&r, i, 5)) < 0 ||
		    rt_load__pg_parse_int64(&q->max, cell(&r, i, 6)) < 0 ||
		    rt_load__pg_parse_int64(&q->cache, cell(&r, i, 7)) < 0) {
			rt_errorf(err, RT_EINTERNAL,
				  "cannot parse the parameters of sequence "
				  "'%s.%s'",
				  q->schema, q->name);
			return -1;
		}
		q->cycle = cell_bool(&r, i, 8);
		if (idcol) {
			idcol->id_seq = q;
			continue;
		}
		if (owner) {
			q->owned_by_table.schema = ref->t->schema;
			q->owned_by_table.name = ref->t->name;
			q->owned_by_column = owner->name;
		} else if (!ref && cell(&r, i, 13)) {
			/* {schema, table, column} of a table retort does not
			 * load */
			rt_vec v = {0};

			if (rt_load__pg_parse_array(&v, l->a, cell(&r, i, 13)) <
			    0)
				return rt_load__pg_bad_array("owner", q->name,
							     err);
			if (v.len == 3) {
				q->owned_by_table.schema = RT_VEC_AT(v, 0);
				q->owned_by_table.name = RT_VEC_AT(v, 1);
				q->owned_by_column = RT_VEC_AT(v, 2);
			}
		}
		q->comment = comment_of(l, 'r', parse_oid(cell(&r, i, 9)), 0);
		rt_schema_add(l->s, RT_KIND_SEQUENCE, &q->obj);
	}
	return 0;
}

int rt_load__pg_load_tables(loader *l, const pg_rows *rows, rt_error *err)
{
	pg_rows r = *rows;
	size_t i, k;

	l->ntables = r.n;
	l->tables = rt_arena_alloc(l->a, (r.n ? r.n : 1) * sizeof(table_ref));
	for (i = 0; i < r.n; i++) {
		rt_table *t = RT_NEW(l->a, rt_table);
		rt_vec ns = {0}, names = {0};
		obj_name on;

		t->schema = cell(&r, i, 1);
		t->name = cell(&r, i, 2);
		on = (obj_name){t->schema, t->name, NULL};
		t->relkind = cell_char(&r, i, 3) == 'p' ? RT_REL_PARTITIONED
							: RT_REL_TABLE;
		t->unlogged = cell_bool(&r, i, 4);
		if (rt_load__pg_make_expr(&t->partition_key, l,
					  rt_canon_partkey, cell(&r, i, 5),
					  "partition key", &on, err) < 0)
			return -1;
		if (cell(&r, i, 8)) {
			t->partition_of.schema = cell(&r, i, 6);
			t->partition_of.name = cell(&r, i, 7);
			if (rt_load__pg_make_expr(
				&t->partition_bound, l, rt_canon_partbound,
				cell(&r, i, 8), "partition bound", &on,
				err) < 0)
				return -1;
		}
		if (rt_load__pg_parse_array(&ns, l->a, cell(&r, i, 9)) < 0 ||
		    rt_load__pg_parse_array(&names, l->a, cell(&r, i, 10)) <
			0 ||
		    ns.len != names.len)
			return rt_load__pg_bad_array(
			    "parents", rt_load__pg_obj_text(l->a, &on), err);
		for (k = 0; k < names.len; k++) {
			rt_qname *q = RT_NEW(l->a, rt_qname);

			q->schema = RT_VEC_AT(ns, k);
			q->name = RT_VEC_AT(names, k);
			rt_vec_push(&t->inherits, l->a, q);
		}
		l->tables[i].oid = strtoul(cell(&r, i, 0), NULL, 10);
		t->comment = comment_of(l, 'r', l->tables[i].oid, 0);
		t->rls = cell_bool(&r, i, 11);
		t->force_rls = cell_bool(&r, i, 12);
		l->tables[i].t = t;
		rt_schema_add(l->s, RT_KIND_TABLE, &t->obj);
	}
	qsort(l->tables, l->ntables, sizeof(table_ref),
	      rt_load__pg_cmp_table_ref);
	return 0;
}

/* A row of q_columns in the order columns are added: by table oid, then
 * by attnum. */
typedef struct col_row {
	table_ref *ref;
	long attnum;
	size_t row;
} col_row;

static int cmp_col_row(const void *x, const void *y)
{
	const col_row *a = x, *b = y;

	if (a->ref->oid != b->ref->oid)
		return (a->ref->oid > b->ref->oid) -
		       (a->ref->oid < b->ref->oid);
	return (a->attnum > b->attnum) - (a->attnum < b->attnum);
}

int rt_load__pg_load_columns(loader *l, const pg_rows *rows, rt_error *err)
{
	pg_rows r = *rows;
	col_row *order;
	size_t i, k, nrows = 0, cur = 0; /* cur: into l->comments */
	uint64_t key;

	(void)err;
	/* size each table's attnum -> name map, and sort the rows (the
	 * query does not) */
	order = rt_arena_alloc(l->a, (r.n ? r.n : 1) * sizeof(*order));
	for (i = 0; i < r.n; i++) {
		table_ref *ref = rt_load__pg_find_ref(l, cell(&r, i, 0));
		long n = strtol(cell(&r, i, 9), NULL, 10);

		if (!ref) /* not a table retort loads */
			continue;
		if (n > 0 && (size_t)n >= ref->natt)
			ref->natt = (size_t)n + 1;
		order[nrows++] = (col_row){ref, n, i};
	}
	qsort(order, nrows, sizeof(*order), cmp_col_row);
	for (i = 0; i < l->ntables; i++)
		if (l->tables[i].natt) {
			l->tables[i].att = rt_arena_alloc(
			    l->a, l->tables[i].natt * sizeof(char *));
			l->tables[i].col = rt_arena_alloc(
			    l->a, l->tables[i].natt * sizeof(rt_column *));
			l->tables[i].generated = rt_arena_alloc(
			    l->a, l->tables[i].natt * sizeof(bool));
		}
	for (k = 0; k < nrows; k++) {
		table_ref *ref = order[k].ref;
		rt_table *t = ref->t;
		rt_column *c = RT_NEW(l->a, rt_column);
		long n = order[k].attnum;

		i = order[k].row;

		c->name = cell(&r, i, 1);
		if (n > 0) {
			ref->att[n] = c->name;
			ref->col[n] = c;
			ref->generated[n] = cell_char(&r, i, 13) == 's';
		}
		c->table = t;
		c->type.schema = cell(&r, i, 2);
		c->type.name = cell(&r, i, 3);
		if (cell(&r, i, 4)) {
			const collation_ent *co = coll_of(l, cell(&r, i, 4));

			if (co) {
				c->collation.schema = co->schema;
				c->collation.name = co->name;
			}
		}
		c->not_null = cell_bool(&r, i, 5);
		switch (cell_char(&r, i, 6)) {
		case 'a':
			c->identity = RT_IDENTITY_ALWAYS;
			break;
		case 'd':
			c->identity = RT_IDENTITY_BY_DEFAULT;
			break;
		default:
			c->identity = RT_IDENTITY_NONE;
		}
		/* a partition's columns are all the parent's, also when it
		 * was attached (PostgreSQL then keeps attislocal) */
		c->is_local = cell_bool(&r, i, 7) && !t->partition_of.name;
		c->inhcount = (int)strtol(cell(&r, i, 8), NULL, 10);
		/* the rows go by (table, attnum), as the comments do:
		 * one pass through them */
		key = comment_key('r', ref->oid, n);
		while (cur < l->ncomments && l->comments[cur].key < key)
			cur++;
		if (cur < l->ncomments && l->comments[cur].key == key)
			c->comment = l->comments[cur].text;
		/* as rt_load__column_storage, _compression and SET
		 * STATISTICS set them */
		if (cell(&r, i, 10)) {
			char st = cell_char(&r, i, 10);

			c->storage =
			    st == rt_schema_type_storage(c->type) ? 0 : st;
		}
		if (cell(&r, i, 11)) {
			c->has_statistics = true;
			c->statistics = (int)strtol(cell(&r, i, 11), NULL, 10);
		}
		if (cell(&r, i, 12))
			c->compression =
			    cell_char(&r, i, 12) == 'l' ? "lz4" : "pglz";
		c->owner = &t->obj;
		rt_schema_add(l->s, RT_KIND_COLUMN, &c->obj);
	}
	l->columns_loaded = true;
	return 0;
}

/* The defaults and generation expressions (q_defaults) of the columns
 * load_columns made. */
int rt_load__pg_load_defaults(loader *l, const pg_rows *rows, rt_error *err)
{
	pg_rows r = *rows;

	for (size_t i = 0; i < r.n; i++) {
		table_ref *ref = rt_load__pg_find_ref(l, cell(&r, i, 0));
		long n = strtol(cell(&r, i, 1), NULL, 10);
		rt_column *c;
		obj_name on;

		if (!ref || n <= 0 || (size_t)n >= ref->natt || !ref->col[n])
			continue; /* not a column retort loads */
		c = ref->col[n];
		on = (obj_name){c->table->schema, c->table->name, c->name};
		if (ref->generated[n]) {
			if (rt_load__pg_make_expr(
				&c->generated, l, rt_canon_expr, cell(&r, i, 2),
				"generation expression", &on, err) < 0)
				return -1;
		} else if (rt_load__pg_make_expr(&c->default_expr, l,
						 rt_canon_expr, cell(&r, i, 2),
						 "default", &on, err) < 0) {
			return -1;
		}
	}
	return 0;
}

/* Cuts the flags pg_get_constraintdef appends to an exclusion constraint
 * (they are separate fields in the model). */
static void strip_con_flags(char *def)
{
	static const char *const suffix[] = {
	    " NOT VALID",
	    " INITIALLY DEFERRED",
	    " INITIALLY IMMEDIATE",
	    " DEFERRABLE",
	};
	size_t len = strlen(def), k;
	bool again = true;

	while (again) {
		again = false;
		for (k = 0; k < RT_ARRAY_LEN(suffix); k++) {
			size_t sl = strlen(suffix[k]);

			if (len >= sl &&
			    strcmp(def + len - sl, suffix[k]) == 0) {
				len -= sl;
				def[len] = '\0';
				again = true;
			}
		}
	}
}

/* The table a foreign key refers to, when retort does not load it: text is
 * {schema, name, column...}. */
static int ref_outside(rt_constraint *c, rt_arena *a, const char *text)
{
	rt_vec v = {0};
	size_t k;

	if (rt_load__pg_parse_array(&v, a, text) < 0 || v.len < 2)
		return -1;
	c->ref_table.schema = RT_VEC_AT(v, 0);
	c->ref_table.name = RT_VEC_AT(v, 1);
	for (k = 2; k < v.len; k++)
		rt_vec_push(&c->ref_columns, a, RT_VEC_AT(v, k));
	return 0;
}

/* Appends a field of a group key (index_key, check_pending): the text, or a
 * mark for NULL (a field cannot hold the separator or the mark, both control
 * bytes). */
static void key_field(rt_buf *key, const char *text)
{
	rt_buf_adds(key, text ? text : "\x01");
	rt_buf_addch(key, '\x1e');
}

/*
 * Keeps check c (row i of q_constraints) for load_checks, in the group of
 * the checks whose expression prints the same: the same stored tree
 * (column numbers included) and the same names of the columns it uses.
 * The first check of a group, and a check that refers to the whole row
 * (its text names the table), are printed by the server (q_printed).
 * Returns -1 when a column number is not one of the table's.
 */
static int check_pending(loader *l, rt_map *groups, rt_constraint *c,
			 const obj_name *on, const table_ref *ref,
			 const pg_rows *r, size_t i)
{
	const char *tree = cell(r, i, 12);
	check_row *row = &l->checks[l->nchecks];
	rt_buf key = RT_BUF_INIT;
	size_t *lead = NULL;
	rt_vec names = {0};

	*row = (check_row){c, *on, cell(r, i, 20), l->nchecks};
	if (rt_load__pg_attnums_to_names(&names, l->a, ref, cell(r, i, 3), 0,
					 -1) < 0)
		return -1;
	if (tree && !strstr(tree, ":varattno 0 ")) {
		key_field(&key, tree);
		for (size_t k = 0; k < names.len; k++)
			key_field(&key, names.items[k]);
		lead = rt_map_get(groups, key.data, key.len);
		if (lead) {
			row->lead = *lead;
		} else {
			size_t *self = RT_NEW(l->a, size_t);

			*self = l->nchecks;
			rt_map_put(groups, l->a,
				   rt_arena_strndup(l->a, key.data, key.len),
				   key.len, self);
		}
	}
	rt_buf_release(&key);
	if (!lead) {
		rt_buf_adds(&l->chk_oids, l->chk_oids.len ? "," : "");
		rt_buf_adds(&l->chk_oids, row->oid);
	}
	l->nchecks++;
	return 0;
}

int rt_load__pg_load_constraints(loader *l, const pg_rows *rows, rt_error *err)
{
	pg_rows r = *rows;
	rt_map groups = {0};
	size_t i;

	l->checks = rt_arena_alloc(l->a, (r.n ? r.n : 1) * sizeof(*l->checks));
	l->fks = rt_arena_alloc(l->a, (r.n ? r.n : 1) * sizeof(*l->fks));

	for (i = 0; i < r.n; i++) {
		table_ref *ref = rt_load__pg_find_ref(l, cell(&r, i, 0));
		rt_constraint *c = RT_NEW(l->a, rt_constraint);
		obj_name on;
		rt_table *t;
		long nkey;

		if (!ref) /* not a table retort loads */
			continue;
		t = ref->t;
		c->name = cell(&r, i, 1);
		c->type = (rt_contype)cell_char(&r, i, 2);
		c->table = t;
		on = (obj_name){t->schema, t->name, c->name};
		/* a key's columns are the first indnkeyatts of its index's,
		 * the rest its INCLUDE columns */
		nkey = cell(&r, i, 15) ? strtol(cell(&r, i, 15), NULL, 10) : 0;
		if ((c->type == RT_CON_FOREIGN &&
		     rt_load__pg_attnums_to_names(&c->columns, l->a, ref,
						  cell(&r, i, 3), 0, -1) < 0) ||
		    (cell(&r, i, 15) && (rt_load__pg_attnums_to_names(
					     &c->columns, l->a, ref,
					     cell(&r, i, 4), 0, nkey) < 0 ||
					 rt_load__pg_attnums_to_names(
					     &c->include, l->a, ref,
					     cell(&r, i, 4), nkey, -1) < 0)))
			return rt_load__pg_bad_array(
			    "columns", rt_load__pg_obj_text(l->a, &on), err);
		c->deferrable = cell_bool(&r, i, 5);
		c->initially_deferred = cell_bool(&r, i, 6);
		c->not_valid = !cell_bool(&r, i, 7);
		c->nulls_not_distinct = cell_bool(&r, i, 8);
		if (rt_load__pg_parse_array(&c->index_options, l->a,
					    cell(&r, i, 19)) < 0)
			return rt_load__pg_bad_array(
			    "index storage parameters",
			    rt_load__pg_obj_text(l->a, &on), err);
		rt_vec_sort(&c->index_options, rt_load__pg_cmp_str);
		if (c->type == RT_CON_FOREIGN) {
			table_ref *to =
			    rt_load__pg_find_ref(l, cell(&r, i, 16));

			if (to) {
				c->ref_table.schema = to->t->schema;
				c->ref_table.name = to->t->name;
			}
			/* a table retort does not load (an extension's): its
			 * names come with q_printed's (load_fks) */
			if (!to) {
				l->fks[l->nfks++] =
				    (fk_row){c, on, cell(&r, i, 20)};
				rt_buf_adds(&l->fk_oids,
					    l->fk_oids.len ? "," : "");
				rt_buf_adds(&l->fk_oids, cell(&r, i, 20));
			} else if (rt_load__pg_attnums_to_names(
				       &c->ref_columns, l->a, to,
				       cell(&r, i, 17), 0, -1) < 0) {
				return rt_load__pg_bad_array(
				    "referenced columns",
				    rt_load__pg_obj_text(l->a, &on), err);
			}
			c->on_update = cell_char(&r, i, 9);
			c->on_delete = cell_char(&r, i, 10);
			if (rt_load__pg_attnums_to_names(
				&c->on_delete_columns, l->a, ref,
				cell(&r, i, 18), 0, -1) < 0)
				return rt_load__pg_bad_array(
				    "ON DELETE SET columns",
				    rt_load__pg_obj_text(l->a, &on), err);
			c->match = cell_char(&r, i, 11);
		}
		if (c->type == RT_CON_CHECK) {
			if (check_pending(l, &groups, c, &on, ref, &r, i) < 0)
				return rt_load__pg_bad_array(
				    "columns", rt_load__pg_obj_text(l->a, &on),
				    err);
		} else if (c->type == RT_CON_EXCLUDE && cell(&r, i, 12)) {
			char *def = rt_arena_strdup(l->a, cell(&r, i, 12));

			strip_con_flags(def);
			if (rt_load__pg_make_expr(&c->expr, l, rt_canon_exclude,
						  def, "exclusion definition",
						  &on, err) < 0)
				return -1;
		}
		/* PostgreSQL also sets connoinherit on the keys of plain
		 * tables; the model's flag is CHECK ... NO INHERIT */
		c->no_inherit = c->type == RT_CON_CHECK && cell_bool(&r, i, 13);
		c->is_local = cell_bool(&r, i, 14);
		c->comment = comment_of(l, 'c', parse_oid(cell(&r, i, 20)), 0);
		c->owner = &t->obj;
		rt_schema_add(l->s, RT_KIND_CONSTRAINT, &c->obj);
	}
	return 0;
}

/*
 * pg_get_indexdef prints "ON ONLY" for an index on a partitioned table (the
 * pg_dump form, which builds no index on the partitions). The model means
 * the index of the whole tree, as CREATE INDEX without ONLY makes it.
 */
static const char *drop_on_only(rt_arena *a, const char *def)
{
	const char *p = def, *rest;

	if (strncmp(p, "CREATE INDEX ", 13) == 0)
		p += 13;
	else if (strncmp(p, "CREATE UNIQUE INDEX ", 20) == 0)
		p += 20;
	else
		return def;
	if (*p == '"') {
		for (p++; *p; p++) {
			if (*p == '"' && p[1] == '"')
				p++;
			else if (*p == '"')
				break;
		}
		if (*p)
			p++;
	} else {
		p += strcspn(p, " ");
	}
	if (strncmp(p, " ON ONLY ", 9) != 0)
		return def;
	rest = p + 8;
	return rt_arena_printf(a, "%.*s ON%s", (int)(p - def), def, rest);
}

/*
 * The indexes of one shape: the server's group of definitions that are the
 * same text but for the index's name and table (q_indexes' tail), whatever
 * the table. A canonical index key is "CREATE [UNIQUE ]INDEX ON ", the
 * relation, then a rest that depends on the tail only (the name is
 * dropped, and an index's expressions cannot name its table), so the rest
 * is taken from the first index's key and each index only needs its
 * table's spelling, computed once per table: one canon parse per shape
 * and per table instead of one per index.
 */
typedef struct index_shape {
	const char *rest; /* the key after the relation; NULL: no split */
	rt_refs *refs;	  /* the first index's references */
} index_shape;

/* Whether quote_identifier() prints ident as it is (base/sql.c's keyword
 * list is the one it quotes by: PostgreSQL 15's reserved, type/function-
 * name and column-name keywords). */
static bool plain_ident(const char *ident)
{
	return !rt_sql_ident_needs_quotes(RT_DIALECT_PG, ident);
}

/*
 * How a canonical index key spells schema.table (as rt_canon_index prints
 * it: public dropped, each name through the deparser's quote_identifier).
 * Plain names (plain_ident) are spelled as they are; any other table's
 * spelling is taken once from the key of a minimal index on it (a canon
 * parse: 27 M of the 300 M instructions of a 1,000-table load when every
 * table took it). NULL when that key has an unexpected form.
 */
static const char *rel_spelling(loader *l, const char *schema,
				const char *table)
{
	static const char pre[] = "CREATE INDEX ON ",
			  post[] = " USING btree (x)";
	rt_buf id = RT_BUF_INIT, sql = RT_BUF_INIT;
	rt_error cerr = RT_ERROR_INIT;
	const char *key = NULL, *out;
	size_t n;
	bool plain = plain_ident(table) && plain_ident(schema);

	if (plain && strcmp(schema, "public") == 0)
		return table;
	rt_buf_adds(&id, schema);
	rt_buf_addch(&id, '\0');
	rt_buf_adds(&id, table);
	out = rt_map_get(&l->rels, id.data, id.len);
	if (out) {
		rt_buf_release(&id);
		return *out ? out : NULL;
	}
	if (plain) {
		out = rt_load__pg_concat(l->a, "", 0, schema, ".", table,
					 (const char *)NULL);
		rt_map_put(&l->rels, l->a, rt_buf_detach_arena(&id, l->a),
			   strlen(schema) + 1 + strlen(table), (void *)out);
		return out;
	}
	rt_buf_adds(&sql, "CREATE INDEX ON ");
	for (int part = 0; part < 2; part++) {
		const char *p = part ? table : schema;
		rt_buf_addch(&sql, '"');
		for (; *p; p++) {
			if (*p == '"')
				rt_buf_addch(&sql, '"');
			rt_buf_addch(&sql, *p);
		}
		rt_buf_adds(&sql, part ? "\"" : "\".");
	}
	rt_buf_adds(&sql, " USING btree (x)");
	out = "";
	if (rt_canon_index(&key, l->a, sql.data, &cerr) == 0 &&
	    strncmp(key, pre, strlen(pre)) == 0 &&
	    (n = strlen(key)) > strlen(pre) + strlen(post) &&
	    strcmp(key + n - strlen(post), post) == 0)
		out = rt_arena_strndup(l->a, key + strlen(pre),
				       n - strlen(pre) - strlen(post));
	rt_map_put(&l->rels, l->a, rt_buf_detach_arena(&id, l->a),
		   strlen(schema) + 1 + strlen(table), (void *)out);
	rt_buf_release(&sql);
	return *out ? out : NULL;
}

/* The key prefix of a (unique) index, before its relation. */
static const char *index_prefix(bool unique)
{
	return unique ? "CREATE UNIQUE INDEX ON " : "CREATE INDEX ON ";
}

/* The shape of x (text def, of shape text shape_id), made from x's own
 * key and references when x is the first of its shape. */
static int index_shape_of(index_shape **out, loader *l, const rt_index *x,
			  const char *def, const char *shape_id,
			  const obj_name *on, rt_error *err)
{
	index_shape *sh = rt_map_get(&l->shapes, shape_id, strlen(shape_id));
	const char *prefix = index_prefix(x->unique), *rel, *rel_name;
	rt_expr *e;

	if (sh) {
		*out = sh;
		return 0;
	}
	sh = RT_NEW(l->a, index_shape);
	if (rt_load__pg_make_expr(&e, l, rt_canon_index, def, "definition", on,
				  err) < 0)
		return -1;
	sh->refs = e->refs;
	rel = rel_spelling(l, x->table.schema, x->table.name);
	rel_name = rt_load__pg_concat(l->a, "", 0, x->table.schema, ".",
				      x->table.name, (const char *)NULL);
	/* split only a key of the expected form, whose first reference is
	 * the table (the one part of the references that differs) */
	if (rel && strncmp(e->key, prefix, strlen(prefix)) == 0 &&
	    strncmp(e->key + strlen(prefix), rel, strlen(rel)) == 0 &&
	    e->key[strlen(prefix) + strlen(rel)] == ' ' && e->refs &&
	    e->refs->relations.len >= 1 &&
	    strcmp(e->refs->relations.items[0], rel_name) == 0)
		sh->rest = e->key + strlen(prefix) + strlen(rel);
	rt_map_put(&l->shapes, l->a, shape_id, strlen(shape_id), sh);
	*out = sh;
	return 0;
}

/* x's definition from its shape: the shape's key around x's relation, and
 * the shape's references with x's table as the first relation. Returns
 * false when the shape or the table's spelling does not allow it. */
static bool index_from_shape(rt_index *x, loader *l, const index_shape *sh,
			     const char *def)
{
	const char *rel;
	rt_expr *e;
	rt_refs *refs;

	if (!sh->rest)
		return false;
	rel = rel_spelling(l, x->table.schema, x->table.name);
	if (!rel)
		return false;
	e = RT_NEW(l->a, rt_expr);
	e->text = def;
	e->key = rt_load__pg_concat(l->a, "", 0, index_prefix(x->unique), rel,
				    sh->rest, (const char *)NULL);
	refs = RT_NEW(l->a, rt_refs);
	*refs = *sh->refs;
	refs->relations = (rt_vec){0};
	rt_vec_push(&refs->relations, l->a,
		    rt_load__pg_concat(l->a, "", 0, x->table.schema, ".",
				       x->table.name, (const char *)NULL));
	for (size_t k = 1; k < sh->refs->relations.len; k++)
		rt_vec_push(&refs->relations, l->a,
			    sh->refs->relations.items[k]);
	e->refs = refs;
	x->def = e;
	return true;
}

/* Appends the name, type and collation of column n of ref; false when it
 * is not a column of ref. */
static bool key_column(rt_buf *key, const table_ref *ref, long n)
{
	const rt_column *c;

	if (n <= 0 || (size_t)n >= ref->natt || !ref->col[n])
		return false;
	c = ref->col[n];
	rt_buf_addf(key, "%ld:", n);
	key_field(key, c->name);
	key_field(key, c->type.schema);
	key_field(key, c->type.name);
	key_field(key, c->collation.schema);
	key_field(key, c->collation.name);
	return true;
}

/* Appends the columns the stored tree text (indexprs, indpred) refers to;
 * false for a whole-row reference or a column ref does not have. */
static bool key_vars(rt_buf *key, const table_ref *ref, const char *text)
{
	const char *p = text;

	while (p && (p = strstr(p, "{VAR ")) != NULL) {
		const char *end = strchr(p, '}'), *at;

		at = strstr(p, ":varattno ");
		if (!end || !at || at > end ||
		    !key_column(key, ref, strtol(at + 10, NULL, 10)))
			return false;
		p = end;
	}
	return true;
}

/*
 * The group key of index row i of q_indexes: what its definition's text
 * after its head depends on (the method, pg_index's columns, the storage
 * parameters, the expression and predicate trees, and the name, type and
 * collation of each column it uses), so that equal keys print equal
 * texts. NULL when the index is printed by itself: an index of a
 * partitioned table (printed ON ONLY, its head differs) or one whose
 * expressions refer to the whole row (they print the table's name).
 */
static const char *index_key(loader *l, const pg_rows *r, size_t i,
			     const table_ref *ref)
{
	rt_buf key = RT_BUF_INIT;
	const char *p;
	const char *out = NULL;

	if (cell_char(r, i, 14) != 'i')
		return NULL;
	for (size_t c = 4; c <= 13; c++)
		key_field(&key, cell(r, i, c));
	key_field(&key, cell(r, i, 15));
	for (p = cell(r, i, 6); p && *p;) {
		char *end;
		long n = strtol(p, &end, 10);

		if (end == p)
			goto done;
		if (n != 0 && !key_column(&key, ref, n))
			goto done;
		p = end;
	}
	if (!key_vars(&key, ref, cell(r, i, 12)) ||
	    !key_vars(&key, ref, cell(r, i, 13)))
		goto done;
	out = rt_buf_detach_arena(&key, l->a);
done:
	rt_buf_release(&key);
	return out;
}

/* Keeps the rows of q_indexes and decides which definitions the server
 * prints (q_printed): one per group of equal keys (its first row), and
 * each index that is printed by itself. */
int rt_load__pg_load_indexes_raw(loader *l, const pg_rows *rows, rt_error *err)
{
	rt_map groups = {0};
	size_t i;

	(void)err;
	l->idx = *rows;
	l->idx_leader =
	    rt_arena_alloc(l->a, (rows->n ? rows->n : 1) * sizeof(size_t));
	l->idx_grouped =
	    rt_arena_alloc(l->a, (rows->n ? rows->n : 1) * sizeof(bool));
	for (i = 0; i < rows->n; i++) {
		table_ref *ref = rt_load__pg_find_ref(l, cell(rows, i, 1));
		const char *key;
		size_t *lead;

		l->idx_leader[i] = SIZE_MAX;
		if (!ref) /* not a table retort loads */
			continue;
		key = index_key(l, rows, i, ref);
		l->idx_grouped[i] = key != NULL;
		lead = key ? rt_map_get(&groups, key, strlen(key)) : NULL;
		if (lead) {
			l->idx_leader[i] = *lead;
			continue;
		}
		l->idx_leader[i] = i;
		if (key)
			rt_map_put(&groups, l->a, key, strlen(key),
				   &l->idx_leader[i]);
		rt_buf_adds(&l->idx_oids, l->idx_oids.len ? "," : "");
		rt_buf_adds(&l->idx_oids, cell(rows, i, 0));
	}
	return 0;
}

/* Skips an identifier as quote_identifier prints it at p: quoted, or
 * lower-case letters, digits and underscores; NULL when there is none. */
static const char *skip_ident(const char *p)
{
	size_t n;

	if (!p)
		return NULL;
	if (*p == '"') {
		for (p++; *p; p++) {
			if (*p == '"' && p[1] == '"')
				p++;
			else if (*p == '"')
				return p + 1;
		}
		return NULL;
	}
	for (n = 0; (p[n] >= 'a' && p[n] <= 'z') ||
		    (p[n] >= '0' && p[n] <= '9') || p[n] == '_';
	     n++)
		;
	return n ? p + n : NULL;
}

/* Skips the literal text word at p; NULL when p does not start with it. */
static const char *skip_word(const char *p, const char *word)
{
	size_t n = strlen(word);

	return p && strncmp(p, word, n) == 0 ? p + n : NULL;
}

/*
 * The text of index definition def (pg_get_indexdef's) after its head
 * "CREATE [UNIQUE ]INDEX name ON schema.table USING method (": what the
 * other indexes of its group share (NULL when def is not of that form).
 * Found by reading the head, whatever the server quoted, rather than by
 * comparing it with the head the client composes (index_head).
 */
static const char *index_tail(const char *def)
{
	const char *p = skip_word(def, "CREATE ");

	if (p && strncmp(p, "UNIQUE ", 7) == 0)
		p += 7;
	p = skip_word(p, "INDEX ");
	p = p ? skip_word(skip_ident(p), " ON ") : NULL;
	p = p ? skip_word(skip_ident(p), ".") : NULL;
	p = p ? skip_word(skip_ident(p), " USING ") : NULL;
	return p ? skip_word(skip_ident(p), " (") : NULL;
}

/*
 * Index x's definition from its group's tail: its own head as
 * pg_get_indexdef composes it ("CREATE [UNIQUE ]INDEX name ON
 * schema.table USING method (", each name through quote_identifier, which
 * rt_buf_add_ident follows with PostgreSQL 15's keywords), then tail.
 */
static const char *index_head(loader *l, const rt_index *x, const char *am,
			      const char *tail)
{
	rt_buf b = RT_BUF_INIT;

	rt_buf_adds(&b, x->unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ");
	rt_buf_add_ident(&b, RT_DIALECT_PG, x->name);
	rt_buf_adds(&b, " ON ");
	rt_buf_add_qname(&b, RT_DIALECT_PG, x->table.schema, x->table.name);
	rt_buf_adds(&b, " USING ");
	rt_buf_add_ident(&b, RT_DIALECT_PG, am);
	rt_buf_adds(&b, " (");
	rt_buf_adds(&b, tail);
	return rt_buf_detach_arena(&b, l->a);
}

/* The definitions q_printed printed (printed: oid -> text), by the row of
 * q_indexes they belong to, into out (NULL where not printed). */
static int index_defs_by_row(const char **out, loader *l, const rt_map *printed,
			     rt_error *err)
{
	for (size_t i = 0; i < l->idx.n; i++) {
		const char *oid = cell(&l->idx, i, 0);

		out[i] = NULL;
		if (l->idx_leader[i] != i)
			continue;
		out[i] = rt_map_get(printed, oid, strlen(oid));
		if (!out[i])
			return rt_errorf(
			    err, RT_EINTERNAL,
			    "the definition of index %s.%s was not printed",
			    rt_load__pg_find_ref(l, cell(&l->idx, i, 1))
				->t->schema,
			    cell(&l->idx, i, 2));
	}
	return 0;
}

/* Converts the indexes kept by load_indexes_raw, with the definitions of
 * q_printed (printed: oid -> text). */
static int load_indexes(loader *l, const rt_map *printed, rt_error *err)
{
	pg_rows r = l->idx;
	const char **defs;
	const char *def;
	size_t i;

	defs = rt_arena_alloc(l->a, (r.n ? r.n : 1) * sizeof(char *));
	if (index_defs_by_row(defs, l, printed, err) < 0)
		return -1;
	for (i = 0; i < r.n; i++) {
		size_t lead = l->idx_leader[i];
		table_ref *ref;
		rt_index *x;
		obj_name on;
		const char *tail = NULL;

		if (lead == SIZE_MAX)
			continue;
		ref = rt_load__pg_find_ref(l, cell(&r, i, 1));
		x = RT_NEW(l->a, rt_index);
		x->schema = ref->t->schema;
		x->name = cell(&r, i, 2);
		x->table.schema = x->schema;
		x->table.name = ref->t->name;
		x->unique = cell_bool(&r, i, 3);
		on = (obj_name){x->schema, x->name, NULL};
		if (l->idx_grouped[i]) /* a group's text after its head */
			tail = index_tail(defs[lead]);
		if (tail && lead != i)
			def = index_head(l, x, cell(&r, i, 4), tail);
		else if (lead == i)
			def = defs[i];
		else
			return rt_errorf(err, RT_EINTERNAL,
					 "unexpected definition of index "
					 "%s.%s: %s",
					 x->schema, cell(&r, lead, 2),
					 defs[lead]);
		def = drop_on_only(l->a, def);
		if (tail) {
			/* unique flag, method and tail: what the definitions
			 * of one shape share */
			const char *shape_id = rt_arena_printf(
			    l->a, "%c%zu:%s%s", x->unique ? 'u' : 'n',
			    strlen(cell(&r, i, 4)), cell(&r, i, 4), tail);
			index_shape *sh;
			if (index_shape_of(&sh, l, x, def, shape_id, &on, err) <
			    0)
				return -1;
			if (!x->def && index_from_shape(x, l, sh, def))
				def = NULL;
		}
		if (def && !x->def &&
		    rt_load__pg_make_expr(&x->def, l, rt_canon_index, def,
					  "definition", &on, err) < 0)
			return -1;
		x->comment = comment_of(l, 'r', parse_oid(cell(&r, i, 0)), 0);
		rt_schema_add(l->s, RT_KIND_INDEX, &x->obj);
	}
	return 0;
}

/* Converts the checks kept by check_pending, each with its own or its
 * group's expression from q_printed (printed: oid -> text). */
static int load_checks(loader *l, const rt_map *printed, rt_error *err)
{
	for (size_t i = 0; i < l->nchecks; i++) {
		check_row *row = &l->checks[i];
		const char *oid = l->checks[row->lead].oid;
		const char *text = rt_map_get(printed, oid, strlen(oid));

		if (!text)
			return rt_errorf(err, RT_EINTERNAL,
					 "the expression of check %s was not "
					 "printed",
					 rt_load__pg_obj_text(l->a, &row->on));
		if (rt_load__pg_make_expr(&row->c->expr, l, rt_canon_expr, text,
					  "check expression", &row->on,
					  err) < 0)
			return -1;
	}
	return 0;
}

/* Names the tables the foreign keys kept by load_constraints refer to,
 * with q_printed's {schema, name, column...} (printed: oid -> text). */
static int load_fks(loader *l, const rt_map *printed, rt_error *err)
{
	for (size_t i = 0; i < l->nfks; i++) {
		const fk_row *row = &l->fks[i];
		const char *text =
		    rt_map_get(printed, row->oid, strlen(row->oid));

		if (!text || ref_outside(row->c, l->a, text) < 0)
			return rt_load__pg_bad_array(
			    "referenced columns",
			    rt_load__pg_obj_text(l->a, &row->on), err);
	}
	return 0;
}

/* The index definitions, check expressions and foreign keys' tables of
 * q_printed. */
int rt_load__pg_load_printed(loader *l, const pg_rows *rows, rt_error *err)
{
	rt_map idx = {0}, chk = {0}, fk = {0};

	for (size_t i = 0; i < rows->n; i++) {
		const char *oid = cell(rows, i, 1), *text = cell(rows, i, 2);
		char k = cell_char(rows, i, 0);

		if (oid && text)
			rt_map_put(k == 'i'   ? &idx
				   : k == 'c' ? &chk
					      : &fk,
				   l->a, oid, strlen(oid), (void *)text);
	}
	if (load_indexes(l, &idx, err) < 0 || load_checks(l, &chk, err) < 0 ||
	    load_fks(l, &fk, err) < 0)
		return -1;
	return 0;
}

int rt_load__pg_load_unmanaged(loader *l, const pg_rows *rows, rt_error *err)
{
	pg_rows r = *rows;
	size_t i;

	(void)err;
	for (i = 0; i < r.n; i++) {
		const char *what = cell(&r, i, 0);

		if (what && !(i > 0 && rt_streq(what, cell(&r, i - 1, 0))))
			rt_schema_add_unmanaged(l->s, what, NULL, 0, 0);
	}
	return 0;
}

/* Executes each row's statements (see def_branches). */
int rt_load__pg_load_definitions(loader *l, const pg_rows *rows, rt_error *err)
{
	for (size_t i = 0; i < rows->n; i++) {
		const char *ddl = cell(rows, i, 3);
		if (ddl && rt_load__sql_exec(l->s, l->where, ddl, err) < 0) {
			rt_error_detail(err, "while reading %s.%s",
					cell(rows, i, 1), cell(rows, i, 2));
			return -1;
		}
	}
	return 0;
}

/* Keeps the rows for load_depends_finish (they need the whole model). */
int rt_load__pg_load_depends(loader *l, const pg_rows *rows, rt_error *err)
{
	(void)err;
	l->depends = *rows;
	return 0;
}

/* Edges from pg_depend, once the model is complete. A name the model
 * does not hold (an extension's function) gives no edge. */
void rt_load__pg_load_depends_finish(loader *l)
{
	const pg_rows *r = &l->depends;
	for (size_t i = 0; i < r->n; i++) {
		rt_view *v =
		    rt_schema_find_view(l->s, cell(r, i, 0), cell(r, i, 1));
		const char *kind = cell(r, i, 2), *sch = cell(r, i, 3);
		const char *name = cell(r, i, 4), *col = cell(r, i, 5);
		rt_object *to = NULL;
		if (!v || !kind || !sch || !name)
			continue;
		if (*kind == 'f') {
			to = rt_schema_find(l->s, RT_KIND_FUNCTION, sch, name);
		} else if (*kind == 'v') {
			to = rt_schema_find(l->s, RT_KIND_VIEW, sch, name);
		} else {
			rt_table *t = rt_schema_find_table(l->s, sch, name);
			rt_column *c =
			    t && col ? rt_table_find_column(t, col) : NULL;
			to = c ? &c->obj : t ? &t->obj : NULL;
			if (c)
				rt_schema_add_dep(l->s, &v->obj, &t->obj);
		}
		if (to)
			rt_schema_add_dep(l->s, &v->obj, to);
	}
}
