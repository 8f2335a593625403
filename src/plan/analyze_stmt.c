/* SPDX-License-Identifier: MIT */
/*
 * The facts and findings of one statement, from its libpg_query parse
 * tree and the schema as it is before the statement runs, following
 * reference/postgres-ddl-safety.md (rule numbers R01... in the comments):
 * the lock (section 0), the work (section 1), the transaction rule (1h),
 * the context rules (1i: a table created earlier in the input has no
 * hazard) and the rule names of section 3 (squawk's where one covers the
 * same hazard).
 */
#include "base/common.h"
#include "plan/analyze_int.h"
#include "plan/plan_int.h"

#define find rt_analyze__find

/* ---- facts ----------------------------------------------------------- */

/* Work ranks: what a reviewer most needs to know wins. */
static int work_rank(rt_work w)
{
	switch (w) {
	case RT_WORK_CATALOG:
		return 0;
	case RT_WORK_DEPENDS:
		return 1;
	case RT_WORK_SCAN:
		return 2;
	case RT_WORK_INDEX:
		return 3;
	case RT_WORK_REWRITE:
		return 4;
	case RT_WORK_FAILS:
		return 5;
	}
	return 0;
}

static void work(an_stmt *st, rt_work w)
{
	if (work_rank(w) > work_rank(st->r->work))
		st->r->work = w;
}

static void lock(an_stmt *st, rt_lock l)
{
	if (l > st->r->lock)
		st->r->lock = l;
}

static bool pg(const an_stmt *st, int version)
{
	return st->z->version >= version;
}

static bool hazard(const an_stmt *st)
{
	/* a table created earlier in the input is empty and unseen; one
	 * the database holds without a row has nothing to scan or rewrite */
	return !st->r->new_table && !st->r->empty_table;
}

static const char *dup(an_stmt *st, const char *s)
{
	return s ? rt_arena_strdup(st->z->a, s) : NULL;
}

static bool nonempty(const char *s)
{
	return s && *s;
}

/* Created "in the same input" means in the same file (reference 1i: the
 * same migration): a table an earlier migration created may hold rows
 * by the time a later one runs. */
static void created_key(rt_buf *b, const rt_analyzer *z, const char *schema,
			const char *name)
{
	rt_buf_reset(b);
	rt_buf_addf(b, "%u\n%s.%s", z->file_gen, schema, name);
}

static bool is_created(rt_analyzer *z, const char *schema, const char *name)
{
	rt_buf b = RT_BUF_INIT;
	created_key(&b, z, schema, name);
	bool yes = rt_map_get(&z->created, b.data, b.len) != NULL;
	rt_buf_release(&b);
	return yes;
}

static void mark_created(rt_analyzer *z, const char *schema, const char *name)
{
	rt_buf b = RT_BUF_INIT;
	created_key(&b, z, schema, name);
	rt_map_put(&z->created, z->a, rt_arena_strndup(z->a, b.data, b.len),
		   b.len, (void *)1);
	rt_buf_release(&b);
}

/* Sets new_table for the relation schema.name, and empty_table when it
 * is not new and the database holds it without a row. */
static void set_new(an_stmt *st, const char *schema, const char *name)
{
	rt_analyzer *z = st->z;
	st->r->new_table = is_created(z, schema, name);
	st->r->empty_table = !st->r->new_table && z->is_empty &&
			     z->is_empty(z->is_empty_ctx, schema, name);
}

/* The schema of relation name: schema when given, else the first schema
 * of search_path (SET search_path; "public" by default) that holds a
 * relation of that name, else the first one (where a new one goes). */
static const char *resolve(const an_stmt *st, const char *schema,
			   const char *name)
{
	const rt_vec *path = &st->z->path;
	if (nonempty(schema))
		return schema;
	if (!path->len)
		return "public";
	for (size_t i = 0; name && i < path->len; i++)
		if (rt_schema_find_relation(st->z->s, path->items[i], name))
			return path->items[i];
	return path->items[0];
}

static const char *rv_schema(const an_stmt *st, const PgQuery__RangeVar *rv)
{
	return resolve(st, rv->schemaname, rv->relname);
}

/* Sets the statement's table to rv's (and new_table, table_known); the
 * table when the schema holds one. */
static rt_table *on_table(an_stmt *st, const PgQuery__RangeVar *rv)
{
	const char *schema = rv_schema(st, rv);
	rt_table *t = rt_schema_find_table(st->z->s, schema, rv->relname);
	st->r->table.schema = dup(st, schema);
	st->r->table.name = dup(st, rv->relname);
	set_new(st, schema, rv->relname);
	st->r->table_known = t != NULL;
	return t;
}

/* The same for a relation of any kind (a materialized view, a view). */
static void on_relation(an_stmt *st, const char *schema, const char *name)
{
	st->r->table.schema = dup(st, schema);
	st->r->table.name = dup(st, name);
	set_new(st, schema, name);
	st->r->table_known =
	    rt_schema_find_relation(st->z->s, schema, name) != NULL;
}

static const char *tname(const an_stmt *st)
{
	return st->r->table.name ? st->r->table.name : "?";
}

static const char *str_of(const PgQuery__Node *n)
{
	if (n && n->node_case == PG_QUERY__NODE__NODE_STRING)
		return n->string->sval;
	return NULL;
}

/* ---- types ------------------------------------------------------------- */

/* tn as the model spells it: built-in types as format_type prints them
 * (schema pg_catalog), others with their schema ("public" when not
 * given). *serial: a serial type. */
static rt_type type_of(an_stmt *st, const PgQuery__TypeName *tn, bool *serial)
{
	rt_type t = {NULL, NULL};
	rt_buf b = RT_BUF_INIT;
	const char *schema = NULL, *name = NULL;

	*serial = false;
	if (!tn || tn->n_names == 0)
		return t;
	name = str_of(tn->names[tn->n_names - 1]);
	if (tn->n_names > 1)
		schema = str_of(tn->names[tn->n_names - 2]);
	if (!name)
		return t;
	*serial = (!schema || !strcmp(schema, RT_CATALOG)) &&
		  rt_schema_serial_type(name) != NULL;
	rt_buf_adds(&b, *serial ? rt_schema_serial_type(name) : name);
	if (tn->n_typmods) {
		rt_buf_addch(&b, '(');
		for (size_t i = 0; i < tn->n_typmods; i++) {
			const PgQuery__Node *m = tn->typmods[i];
			if (i)
				rt_buf_addch(&b, ',');
			if (m->node_case == PG_QUERY__NODE__NODE_A_CONST &&
			    m->a_const->val_case ==
				PG_QUERY__A__CONST__VAL_IVAL)
				rt_buf_addf(&b, "%d", m->a_const->ival->ival);
		}
		rt_buf_addch(&b, ')');
	}
	for (size_t i = 0; i < tn->n_array_bounds; i++)
		rt_buf_adds(&b, "[]");
	const char *canon = NULL;
	if (!schema || !strcmp(schema, RT_CATALOG))
		canon = rt_schema_canonical_type(st->scratch, b.data);
	if (canon) {
		t.schema = RT_CATALOG;
		t.name = canon;
	} else {
		t.schema = schema ? schema : "public";
		t.name = rt_arena_strdup(st->scratch, b.data);
	}
	rt_buf_release(&b);
	return t;
}

static bool tis(const rt_plan__typespec *t, const char *base)
{
	return !strcmp(t->base, base);
}

/* R26: timestamp <-> timestamptz (same precision or more). */
static bool tz_flip(const char *from, const char *to)
{
	rt_plan__typespec f, t;
	rt_plan__type_split(&f, from);
	rt_plan__type_split(&t, to);
	return (tis(&f, "timestamp without time zone") &&
		tis(&t, "timestamp with time zone")) ||
	       (tis(&f, "timestamp with time zone") &&
		tis(&t, "timestamp without time zone"));
}

/* ---- expressions ------------------------------------------------------- */

/* Functions a default may call without making ADD COLUMN rewrite: the
 * stable and immutable built-ins defaults use. Any other function (a
 * user's, created VOLATILE unless it says otherwise) counts as volatile:
 * the conservative answer. */
static const char *const nonvolatile_fns[] = {
    "now",
    "transaction_timestamp",
    "statement_timestamp",
    "current_date",
    "lower",
    "upper",
    "btrim",
    "trim",
    "ltrim",
    "rtrim",
    "concat",
    "length",
    "to_char",
    "to_timestamp",
    "to_date",
    "date_trunc",
    "make_date",
    "make_timestamp",
    "make_interval",
    "jsonb_build_object",
    "json_build_object",
    "jsonb_build_array",
    "json_build_array",
    "array_fill",
    "abs",
    "round",
    "replace",
    "substring",
    "substr",
    "md5",
    "timezone",
    "int4",
    "int8",
    "text",
    "numeric",
    "current_setting",
};

static bool fn_nonvolatile(const char *name)
{
	for (size_t i = 0; i < RT_ARRAY_LEN(nonvolatile_fns); i++)
		if (!strcmp(nonvolatile_fns[i], name))
			return true;
	return false;
}

typedef struct volatile_walk {
	bool found;
	const char *fn;
	int depth;
} volatile_walk;

static void walk_volatile(const ProtobufCMessage *m, volatile_walk *w)
{
	if (!m || w->found || w->depth > RT_LOAD_DEPTH_MAX)
		return;
	if (m->descriptor == &pg_query__func_call__descriptor) {
		const PgQuery__FuncCall *fc = (const PgQuery__FuncCall *)m;
		const char *name =
		    fc->n_funcname ? str_of(fc->funcname[fc->n_funcname - 1])
				   : NULL;
		if (name && !fn_nonvolatile(name)) {
			w->found = true;
			w->fn = name;
			return;
		}
	}
	const ProtobufCMessageDescriptor *d = m->descriptor;
	const ProtobufCFieldDescriptor *fs = d->fields;
	unsigned nf = d->n_fields;
	if (d == &pg_query__node__descriptor) {
		/* a Node is a oneof: only its case */
		fs = protobuf_c_message_descriptor_get_field(
		    d, ((const PgQuery__Node *)m)->node_case);
		nf = fs ? 1 : 0;
	}
	w->depth++;
	for (unsigned i = 0; i < nf && !w->found; i++) {
		const ProtobufCFieldDescriptor *f = &fs[i];
		const char *base = (const char *)m;
		if (f->type != PROTOBUF_C_TYPE_MESSAGE)
			continue;
		if ((f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) &&
		    *(const uint32_t *)(base + f->quantifier_offset) != f->id)
			continue;
		if (f->label == PROTOBUF_C_LABEL_REPEATED) {
			size_t n =
			    *(const size_t *)(base + f->quantifier_offset);
			ProtobufCMessage *const *items = *(
			    ProtobufCMessage *const *const *)(base + f->offset);
			for (size_t k = 0; k < n && !w->found; k++)
				walk_volatile(items[k], w);
		} else {
			walk_volatile(
			    *(ProtobufCMessage *const *)(base + f->offset), w);
		}
	}
	w->depth--;
}

/* The volatile function e calls (R15), NULL when none. */
static const char *volatile_fn(const PgQuery__Node *e)
{
	volatile_walk w = {false, NULL, 0};
	walk_volatile((const ProtobufCMessage *)e, &w);
	return w.found ? w.fn : NULL;
}

/* ---- timeouts, transactions -------------------------------------------- */

/* Section 2: a lock that blocks traffic on a live table needs a
 * lock_timeout, slow work a statement_timeout. */
static void timeouts(an_stmt *st)
{
	rt_stmt_analysis *r = st->r;
	if (!hazard(st) || r->lock < RT_LOCK_SHARE || !r->table.name)
		return;
	if (!st->z->lock_timeout)
		find(st, "require-lock-timeout",
		     "SET lock_timeout = '2s' first, and retry on timeout",
		     "%s lock on %s without a lock_timeout: a long "
		     "transaction on the table makes it queue, and every "
		     "query behind it waits",
		     rt_lock_name(r->lock), tname(st));
	if (!st->z->statement_timeout &&
	    (r->work == RT_WORK_SCAN || r->work == RT_WORK_REWRITE ||
	     r->work == RT_WORK_INDEX))
		find(st, "require-statement-timeout",
		     "SET statement_timeout to bound how long the lock is "
		     "held",
		     "%s of %s under its %s lock without a "
		     "statement_timeout",
		     rt_work_name(r->work), tname(st), rt_lock_name(r->lock));
}

/* 1h: a statement that refuses to run in a transaction block. */
static void no_transaction(an_stmt *st, const char *what, const char *rule)
{
	st->r->in_transaction = false;
	if (st->z->in_block)
		find(st, rule ? rule : "cannot-run-in-transaction",
		     "run it on its own, outside BEGIN ... COMMIT (a "
		     "non-transactional migration section)",
		     "%s cannot run inside a transaction block", what);
}

static void too_long(an_stmt *st, const char *name)
{
	if (name && strlen(name) > 63)
		find(st, "identifier-too-long",
		     "use a name of at most 63 bytes",
		     "'%.40s...' is %zu bytes: PostgreSQL cuts names to 63, so "
		     "it is not the name the object gets",
		     name, strlen(name));
}

/* ---- columns ------------------------------------------------------------ */

/* Type-choice advice on a column of type t (squawk's opt-in here). */
static void type_advice(an_stmt *st, const char *col, rt_type t, bool serial)
{
	if (!t.name || !rt_is_catalog(t.schema))
		return;
	rt_plan__typespec s;
	rt_plan__type_split(&s, t.name);
	if (tis(&s, "integer"))
		find(st, "prefer-bigint-over-int", "use bigint",
		     "column %s is a 32-bit integer: ids and counters run "
		     "out at 2^31",
		     col);
	if (tis(&s, "smallint"))
		find(st, "prefer-bigint-over-smallint", "use bigint",
		     "column %s is a 16-bit integer: it runs out at 32767",
		     col);
	if (serial)
		find(st, "prefer-identity",
		     "use GENERATED BY DEFAULT AS IDENTITY",
		     "column %s is serial: its sequence has its own owner "
		     "and permissions",
		     col);
	if (tis(&s, "character varying") && s.nmod)
		find(st, "prefer-text-field",
		     "use text with a CHECK on its length",
		     "column %s is varchar(%ld): widening it later takes an "
		     "ACCESS EXCLUSIVE lock",
		     col, s.mod[0]);
	if (tis(&s, "timestamp without time zone"))
		find(st, "prefer-timestamptz", "use timestamptz",
		     "column %s is timestamp without time zone: values lose "
		     "their offset",
		     col);
	if (tis(&s, "character"))
		find(st, "ban-char-field", "use text or varchar",
		     "column %s is char(n): values are blank-padded", col);
}

/* The constraints of a column definition, as inline constraints of ADD
 * COLUMN (R21) when adding. */
typedef struct coldef_facts {
	bool not_null, has_default, identity, generated, serial;
	const char *volatile_fn;
	bool unique, primary, references, check;
} coldef_facts;

static coldef_facts coldef(an_stmt *st, const PgQuery__ColumnDef *cd)
{
	coldef_facts c = {0};
	c.not_null = cd->is_not_null;
	if (cd->raw_default) {
		c.has_default = true;
		c.volatile_fn = volatile_fn(cd->raw_default);
	}
	if (nonempty(cd->identity))
		c.identity = true;
	if (nonempty(cd->generated))
		c.generated = true;
	for (size_t i = 0; i < cd->n_constraints; i++) {
		const PgQuery__Node *n = cd->constraints[i];
		if (n->node_case != PG_QUERY__NODE__NODE_CONSTRAINT)
			continue;
		const PgQuery__Constraint *k = n->constraint;
		switch (k->contype) {
		case PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL:
			c.not_null = true;
			break;
		case PG_QUERY__CONSTR_TYPE__CONSTR_NULL:
			c.not_null = false;
			break;
		case PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT:
			c.has_default = true;
			if (k->raw_expr && !c.volatile_fn)
				c.volatile_fn = volatile_fn(k->raw_expr);
			break;
		case PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY:
			c.identity = true;
			break;
		case PG_QUERY__CONSTR_TYPE__CONSTR_GENERATED:
			c.generated = true;
			break;
		case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY:
			c.primary = true;
			c.not_null = true;
			break;
		case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE:
			c.unique = true;
			break;
		case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN:
			c.references = true;
			break;
		case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK:
			c.check = true;
			break;
		default:
			break;
		}
		too_long(st, k->conname);
	}
	bool serial = false;
	rt_type t = type_of(st, cd->type_name, &serial);
	c.serial = serial;
	type_advice(st, cd->colname, t, serial);
	too_long(st, cd->colname);
	return c;
}

/* A domain with constraints (R20): ADD COLUMN of it rewrites. */
static bool constrained_domain(an_stmt *st, rt_type t)
{
	if (!t.name || rt_is_catalog(t.schema))
		return false;
	const rt_domain *d = (const rt_domain *)rt_schema_find(
	    st->z->s, RT_KIND_DOMAIN, t.schema, t.name);
	return d && (d->not_null || d->checks.len > 0);
}

/* ALTER TABLE ... ADD COLUMN (R13-R21). */
static void add_column(an_stmt *st, const PgQuery__ColumnDef *cd)
{
	coldef_facts c = coldef(st, cd);
	bool serial = false;
	rt_type t = type_of(st, cd->type_name, &serial);
	const char *col = cd->colname;

	lock(st, RT_LOCK_ACCESS_EXCLUSIVE);
	if (c.serial || c.identity) { /* R19 */
		work(st, RT_WORK_REWRITE);
		if (hazard(st))
			find(st, "adding-auto-increment-field",
			     "add it nullable, set a nextval default for new "
			     "rows, backfill in batches, then SET NOT NULL "
			     "through a validated CHECK",
			     "ADD COLUMN %s %s rewrites %s under an ACCESS "
			     "EXCLUSIVE lock: every row gets a sequence value",
			     col, c.serial ? "serial" : "identity", tname(st));
	} else if (c.generated) { /* R18 */
		work(st, RT_WORK_REWRITE);
		if (hazard(st))
			find(st, "adding-generated-field",
			     "add a plain nullable column filled by a trigger "
			     "and a batched backfill",
			     "ADD COLUMN %s GENERATED ... STORED rewrites %s "
			     "under an ACCESS EXCLUSIVE lock",
			     col, tname(st));
	} else if (c.has_default && (c.volatile_fn || !pg(st, 110000))) {
		work(st, RT_WORK_REWRITE); /* R15; before PG11 every default */
		if (hazard(st))
			find(
			    st, "adding-field-with-default",
			    "add the column without a default, SET DEFAULT for "
			    "new rows, backfill the old ones in batches",
			    c.volatile_fn
				? "ADD COLUMN %s DEFAULT %s() rewrites %s "
				  "under "
				  "an ACCESS EXCLUSIVE lock: a volatile "
				  "default "
				  "is computed for every row"
				: "ADD COLUMN %s DEFAULT %s rewrites %s under "
				  "an "
				  "ACCESS EXCLUSIVE lock before PostgreSQL 11",
			    col, c.volatile_fn ? c.volatile_fn : "...",
			    tname(st));
	} else if (constrained_domain(st, t)) { /* R20 */
		work(st, RT_WORK_REWRITE);
		if (hazard(st))
			find(st, "adding-field-with-domain",
			     "use the domain's base type and a table CHECK "
			     "added NOT VALID, then VALIDATE",
			     "ADD COLUMN %s of domain %s (with constraints) "
			     "rewrites %s",
			     col, t.name, tname(st));
	} else if (c.not_null && !c.has_default) { /* R16 */
		work(st, RT_WORK_FAILS);
		if (hazard(st))
			find(st, "adding-required-field",
			     "add it nullable (or with a constant default), "
			     "backfill in batches, then SET NOT NULL through a "
			     "validated CHECK",
			     "ADD COLUMN %s NOT NULL without a default fails "
			     "on %s when it has rows",
			     col, tname(st));
	}
	if (c.primary || c.unique) { /* R21: an index build under AE */
		work(st, RT_WORK_INDEX);
		if (hazard(st))
			find(
			    st, "disallowed-unique-constraint",
			    "add the column bare, CREATE UNIQUE INDEX "
			    "CONCURRENTLY, then ADD CONSTRAINT ... USING INDEX",
			    "ADD COLUMN %s %s builds an index on %s under an "
			    "ACCESS EXCLUSIVE lock",
			    col, c.primary ? "PRIMARY KEY" : "UNIQUE",
			    tname(st));
	}
	if (c.references) {
		work(st, RT_WORK_SCAN);
		if (hazard(st))
			find(
			    st, "adding-foreign-key-constraint",
			    "add the column bare, then ADD CONSTRAINT ... "
			    "FOREIGN KEY ... NOT VALID and VALIDATE CONSTRAINT "
			    "in a later transaction",
			    "ADD COLUMN %s REFERENCES validates every row of "
			    "%s and takes a SHARE ROW EXCLUSIVE lock on the "
			    "referenced table",
			    col, tname(st));
	}
	if (c.check) {
		work(st, RT_WORK_SCAN);
		if (hazard(st))
			find(st, "constraint-missing-not-valid",
			     "add the column bare, then ADD CONSTRAINT ... "
			     "CHECK ... NOT VALID and VALIDATE CONSTRAINT in a "
			     "later transaction",
			     "ADD COLUMN %s CHECK scans %s under an ACCESS "
			     "EXCLUSIVE lock",
			     col, tname(st));
	}
}

/* Whether column col is in a key or index of t (the collation change of
 * R27 rebuilds them). */
static bool column_indexed(an_stmt *st, const rt_table *t, const char *col)
{
	for (size_t i = 0; i < t->constraints.len; i++) {
		const rt_constraint *k = t->constraints.items[i];
		if (k->type != RT_CON_PRIMARY && k->type != RT_CON_UNIQUE &&
		    k->type != RT_CON_EXCLUDE)
			continue;
		for (size_t j = 0; j < k->columns.len; j++)
			if (!strcmp(k->columns.items[j], col))
				return true;
	}
	const rt_schema *s = st->z->s;
	for (size_t i = 0; i < s->indexes.len; i++) {
		const rt_index *ix = s->indexes.items[i];
		if (!rt_streq(ix->table.schema, t->schema) ||
		    !rt_streq(ix->table.name, t->name) || !ix->def)
			continue;
		if (ix->def->refs ? rt_refs_column(ix->def->refs, col)
				  : strstr(ix->def->text, col) != NULL)
			return true;
	}
	return false;
}

/* ALTER COLUMN TYPE (R24-R28), with the column's current type. */
static void alter_type(an_stmt *st, const rt_table *t,
		       const PgQuery__AlterTableCmd *cmd)
{
	const PgQuery__ColumnDef *cd =
	    cmd->def && cmd->def->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF
		? cmd->def->column_def
		: NULL;
	const rt_column *c = t ? rt_table_find_column(t, cmd->name) : NULL;
	bool serial = false;
	rt_type to = cd ? type_of(st, cd->type_name, &serial) : (rt_type){0};
	const char *col = cmd->name;
	bool using = cd && cd->raw_default;
	bool collate = cd && cd->coll_clause;

	lock(st, RT_LOCK_ACCESS_EXCLUSIVE);
	if (!c || !to.name) { /* unknown: as the worst case, R28 */
		work(st, RT_WORK_REWRITE);
		st->r->data_loss = true;
		if (hazard(st))
			find(st, "changing-column-type",
			     "add a new column, backfill it in batches, swap "
			     "(expand and contract)",
			     "ALTER COLUMN %s TYPE %s may rewrite %s under an "
			     "ACCESS EXCLUSIVE lock (its current type is not "
			     "known)",
			     col, to.name ? to.name : "?", tname(st));
		return;
	}
	/* the SQL loader leaves a built-in's schema NULL until the schema
	 * is finished */
	rt_type from = {c->type.schema ? c->type.schema : RT_CATALOG,
			c->type.name};
	bool same =
	    rt_streq(from.schema, to.schema) && rt_streq(from.name, to.name);
	bool builtin = rt_is_catalog(from.schema) && rt_is_catalog(to.schema);
	st->r->data_loss = !rt_plan__type_lossless(from, to);
	if (!using && same) {
		/* R27: only the collation changes: indexes are rebuilt */
		if (collate && column_indexed(st, t, col)) {
			work(st, RT_WORK_INDEX);
			if (hazard(st))
				find(st, "changing-column-type",
				     "drop and recreate the indexes "
				     "concurrently around the change",
				     "ALTER COLUMN %s COLLATE rebuilds the "
				     "indexes on it under an ACCESS EXCLUSIVE "
				     "lock",
				     col);
		}
		return;
	}
	if (!using && builtin && rt_plan__type_catalog_only(from.name, to.name))
		return; /* R24, R25 */
	if (!using && builtin && tz_flip(from.name, to.name) &&
	    pg(st, 120000)) {
		/* R26: no rewrite only when the session's TimeZone is UTC */
		work(st, RT_WORK_DEPENDS);
		if (hazard(st))
			find(st, "changing-column-type",
			     "SET LOCAL timezone = 'UTC' before the ALTER",
			     "ALTER COLUMN %s TYPE %s rewrites %s unless the "
			     "session's TimeZone is UTC, and rebuilds its "
			     "indexes",
			     col, to.name, tname(st));
		return;
	}
	work(st, RT_WORK_REWRITE); /* R28 */
	if (hazard(st))
		find(st, "changing-column-type",
		     "add a new column, backfill it in batches, swap (expand "
		     "and contract)",
		     "ALTER COLUMN %s TYPE %s (from %s) rewrites %s and its "
		     "indexes under an ACCESS EXCLUSIVE lock%s",
		     col, to.name, from.name, tname(st),
		     st->r->data_loss ? "; values may not convert" : "");
}

/* R31: a validated CHECK (col IS NOT NULL) on t. */
static bool not_null_proved(const rt_table *t, const char *col)
{
	char want[160];
	snprintf(want, sizeof(want), "%sisnotnull", col);
	for (size_t i = 0; i < t->constraints.len; i++) {
		const rt_constraint *k = t->constraints.items[i];
		if (k->type != RT_CON_CHECK || k->not_valid || !k->expr)
			continue;
		const char *e = k->expr->text;
		char norm[160];
		size_t n = 0;
		for (; *e && n + 1 < sizeof(norm); e++) {
			char ch = *e;
			if (ch == '(' || ch == ')' || ch == ' ' || ch == '"' ||
			    ch == '\n' || ch == '\t')
				continue;
			norm[n++] =
			    (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
		}
		norm[n] = '\0';
		if (!strcmp(norm, want))
			return true;
	}
	return false;
}

/* ---- constraints --------------------------------------------------------- */

static void tx_key(rt_buf *b, const an_stmt *st, const char *con)
{
	rt_buf_reset(b);
	rt_buf_addf(b, "%u\n%s.%s\n%s", st->z->tx_gen,
		    st->r->table.schema ? st->r->table.schema : "", tname(st),
		    con);
}

static void add_constraint(an_stmt *st, const rt_table *t,
			   const PgQuery__Constraint *k)
{
	bool not_valid = k->skip_validation;
	too_long(st, k->conname);
	switch (k->contype) {
	case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK: /* R37, R38 */
		lock(st, RT_LOCK_ACCESS_EXCLUSIVE);
		if (!not_valid) {
			work(st, RT_WORK_SCAN);
			if (hazard(st))
				find(st, "constraint-missing-not-valid",
				     "ADD CONSTRAINT ... NOT VALID, then "
				     "VALIDATE CONSTRAINT in a later "
				     "transaction",
				     "ADD CONSTRAINT ... CHECK scans %s under "
				     "an ACCESS EXCLUSIVE lock",
				     tname(st));
		}
		break;
	case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN: /* R40, R41 */
		lock(st, RT_LOCK_SHARE_ROW_EXCLUSIVE);
		if (!not_valid) {
			work(st, RT_WORK_SCAN);
			if (hazard(st))
				find(
				    st, "adding-foreign-key-constraint",
				    "ADD CONSTRAINT ... NOT VALID, then "
				    "VALIDATE CONSTRAINT in a later "
				    "transaction",
				    "ADD FOREIGN KEY validates every row of %s "
				    "under SHARE ROW EXCLUSIVE locks on it and "
				    "on %s",
				    tname(st),
				    k->pktable ? k->pktable->relname : "?");
		}
		break;
	case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE: /* R43, R45 */
	case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY: {
		bool pk = k->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY;
		lock(st, RT_LOCK_ACCESS_EXCLUSIVE);
		if (nonempty(k->indexname)) {
			/* USING INDEX: catalog, but a primary key sets NOT
			 * NULL on nullable columns (a scan unless proved) */
			if (!pk || !t)
				break;
			for (size_t i = 0; i < k->n_keys; i++) {
				const char *col = str_of(k->keys[i]);
				const rt_column *c =
				    col ? rt_table_find_column(t, col) : NULL;
				if (c && !c->not_null &&
				    !(pg(st, 120000) &&
				      not_null_proved(t, col)))
					work(st, RT_WORK_SCAN);
			}
			break;
		}
		work(st, RT_WORK_INDEX);
		if (hazard(st))
			find(st,
			     pk ? "adding-primary-key-constraint"
				: "disallowed-unique-constraint",
			     "CREATE UNIQUE INDEX CONCURRENTLY, then ADD "
			     "CONSTRAINT ... USING INDEX",
			     "ADD %s builds an index on %s under an ACCESS "
			     "EXCLUSIVE lock",
			     pk ? "PRIMARY KEY" : "UNIQUE", tname(st));
		break;
	}
	case PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION: /* R46 */
		lock(st, RT_LOCK_ACCESS_EXCLUSIVE);
		work(st, RT_WORK_INDEX);
		if (hazard(st))
			find(
			    st, "adding-exclusion-constraint",
			    "schedule a window, or build on a new table",
			    "ADD EXCLUDE builds an index on %s under an ACCESS "
			    "EXCLUSIVE lock (no NOT VALID, no USING INDEX)",
			    tname(st));
		break;
	default:
		lock(st, RT_LOCK_ACCESS_EXCLUSIVE);
		break;
	}
	if (not_valid && st->z->in_block && nonempty(k->conname)) {
		rt_buf b = RT_BUF_INIT;
		tx_key(&b, st, k->conname);
		rt_map_put(&st->z->tx_not_valid, st->z->a,
			   rt_arena_strndup(st->z->a, b.data, b.len), b.len,
			   (void *)1);
		rt_buf_release(&b);
	}
}

static void validate(an_stmt *st, const rt_table *t, const char *con)
{
	const rt_constraint *k = t ? rt_table_find_constraint(t, con) : NULL;
	/* R39, R42: SUE (and ROW SHARE on the referenced table) */
	lock(st, RT_LOCK_SHARE_UPDATE_EXCLUSIVE);
	if (!k || k->not_valid)
		work(st, RT_WORK_SCAN);
	rt_buf b = RT_BUF_INIT;
	tx_key(&b, st, con);
	if (st->z->in_block && rt_map_get(&st->z->tx_not_valid, b.data, b.len))
		find(st, "constraint-missing-not-valid",
		     "commit after ADD CONSTRAINT ... NOT VALID and validate "
		     "in a later transaction",
		     "VALIDATE CONSTRAINT %s in the transaction that added it "
		     "NOT VALID: the ACCESS EXCLUSIVE lock of the ADD is held "
		     "through the scan",
		     con);
	rt_buf_release(&b);
}

/* The table of index name in schema: a stand-alone index's, or the
 * table whose key or unique constraint owns it; false when unknown. */
static bool index_table(an_stmt *st, const char *schema, const char *name)
{
	const rt_index *ix = rt_schema_find_index(st->z->s, schema, name);
	if (ix) {
		on_relation(st, ix->table.schema, ix->table.name);
		return true;
	}
	const rt_schema *s = st->z->s;
	for (size_t i = 0; i < s->tables.len; i++) {
		const rt_table *t = s->tables.items[i];
		if (!rt_streq(t->schema, schema))
			continue;
		const rt_constraint *k = rt_table_find_constraint(t, name);
		if (k &&
		    (k->type == RT_CON_PRIMARY || k->type == RT_CON_UNIQUE ||
		     k->type == RT_CON_EXCLUDE)) {
			on_relation(st, t->schema, t->name);
			return true;
		}
	}
	return false;
}

/* ---- ALTER TABLE --------------------------------------------------------- */

static void alter_cmd(an_stmt *st, rt_table *t,
		      const PgQuery__AlterTableCmd *cmd)
{
	const char *col = cmd->name;
	switch (cmd->subtype) {
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumnRecurse:
		if (cmd->def &&
		    cmd->def->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF)
			add_column(st, cmd->def->column_def);
		break;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumnRecurse: /* R22 */
		lock(st, RT_LOCK_ACCESS_EXCLUSIVE);
		st->r->data_loss = true;
		if (hazard(st))
			find(st, "ban-drop-column",
			     "stop reading and writing it in the application "
			     "first, deploy, then drop it",
			     "DROP COLUMN %s loses its values in %s", col,
			     tname(st));
		break;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType:
		alter_type(st, t, cmd);
		break;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull: /* R30, R31 */
		lock(st, RT_LOCK_ACCESS_EXCLUSIVE);
		if (t && !(pg(st, 120000) && not_null_proved(t, col)) &&
		    !(rt_table_find_column(t, col) &&
		      rt_table_find_column(t, col)->not_null)) {
			work(st, RT_WORK_SCAN);
			if (hazard(st))
				find(st, "adding-not-nullable-field",
				     "ADD CONSTRAINT ... CHECK (col IS NOT "
				     "NULL) NOT VALID, VALIDATE it, then SET "
				     "NOT NULL (no scan)",
				     "SET NOT NULL on %s.%s scans the table "
				     "under an ACCESS EXCLUSIVE lock",
				     tname(st), col);
		} else if (!t) {
			work(st, RT_WORK_SCAN);
			if (hazard(st))
				find(st, "adding-not-nullable-field",
				     "ADD CONSTRAINT ... CHECK (col IS NOT "
				     "NULL) NOT VALID, VALIDATE it, then SET "
				     "NOT NULL (no scan)",
				     "SET NOT NULL on %s.%s scans the table "
				     "under an ACCESS EXCLUSIVE lock",
				     tname(st), col);
		}
		break;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropNotNull: /* R32 */
		lock(st, RT_LOCK_ACCESS_EXCLUSIVE);
		if (hazard(st))
			find(st, "ban-drop-not-null",
			     "make sure every reader handles NULL first",
			     "DROP NOT NULL on %s.%s: readers may now see "
			     "NULLs",
			     tname(st), col);
		break;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraintRecurse:
		if (cmd->def &&
		    cmd->def->node_case == PG_QUERY__NODE__NODE_CONSTRAINT)
			add_constraint(st, t, cmd->def->constraint);
		else
			lock(st, RT_LOCK_ACCESS_EXCLUSIVE);
		break;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraint:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraintRecurse:
		validate(st, t, cmd->name);
		break;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraint:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraintRecurse: /* R47 */
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault:	   /* R29 */
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropExpression:	   /* R36 */
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetStorage:		   /* R34 */
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetCompression:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AddIdentity: /* R35 */
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetIdentity:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropIdentity:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ChangeOwner:       /* R08 */
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ReplicaIdentity:   /* R78 */
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableRowSecurity: /* R77 */
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableRowSecurity:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ForceRowSecurity:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_NoForceRowSecurity:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AddInherit:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropInherit:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterConstraint:
		lock(st, RT_LOCK_ACCESS_EXCLUSIVE);
		break;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetStatistics: /* R33 */
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetOptions:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ResetOptions:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetRelOptions: /* R12 */
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ResetRelOptions:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ClusterOn:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropCluster:
		lock(st, RT_LOCK_SHARE_UPDATE_EXCLUSIVE);
		break;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrig: /* R75 */
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableAlwaysTrig:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableReplicaTrig:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrig:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrigAll:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrigAll:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrigUser:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrigUser:
		lock(st, RT_LOCK_SHARE_ROW_EXCLUSIVE);
		break;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetLogged: /* R10 */
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetUnLogged:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetTableSpace: /* R09 */
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetAccessMethod: {
		const char *what =
		    cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_SetLogged
			? "SET LOGGED"
		    : cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_SetUnLogged
			? "SET UNLOGGED"
		    : cmd->subtype ==
			    PG_QUERY__ALTER_TABLE_TYPE__AT_SetTableSpace
			? "SET TABLESPACE"
			: "SET ACCESS METHOD";
		lock(st, RT_LOCK_ACCESS_EXCLUSIVE);
		work(st, RT_WORK_REWRITE);
		if (hazard(st))
			find(st, "table-rewrite",
			     "avoid it on a live table, or copy online "
			     "(pg_repack) in a maintenance window",
			     "%s rewrites %s and its indexes under an ACCESS "
			     "EXCLUSIVE lock",
			     what, tname(st));
		break;
	}
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AttachPartition: { /* R79 */
		const PgQuery__PartitionCmd *pc =
		    cmd->def && cmd->def->node_case ==
				    PG_QUERY__NODE__NODE_PARTITION_CMD
			? cmd->def->partition_cmd
			: NULL;
		/* SUE on the parent (AE before 12); AE on the partition,
		 * which is scanned to prove its bound */
		lock(st, pg(st, 120000) ? RT_LOCK_SHARE_UPDATE_EXCLUSIVE
					: RT_LOCK_ACCESS_EXCLUSIVE);
		if (pc && pc->name) {
			on_table(st, pc->name);
			lock(st, RT_LOCK_ACCESS_EXCLUSIVE);
		}
		work(st, RT_WORK_SCAN);
		if (hazard(st))
			find(st, "attach-partition-scan",
			     "add a CHECK matching the bound to the partition "
			     "(NOT VALID, then VALIDATE) and its indexes "
			     "concurrently before attaching",
			     "ATTACH PARTITION %s scans it under an ACCESS "
			     "EXCLUSIVE lock to prove its bound",
			     tname(st));
		break;
	}
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DetachPartition: { /* R80, R81 */
		const PgQuery__PartitionCmd *pc =
		    cmd->def && cmd->def->node_case ==
				    PG_QUERY__NODE__NODE_PARTITION_CMD
			? cmd->def->partition_cmd
			: NULL;
		if (pc && pc->concurrent) {
			lock(st, RT_LOCK_SHARE_UPDATE_EXCLUSIVE);
			no_transaction(st, "DETACH PARTITION CONCURRENTLY",
				       NULL);
		} else {
			lock(st, RT_LOCK_ACCESS_EXCLUSIVE);
			if (hazard(st) && pg(st, 140000))
				find(st, "require-concurrent-partition-detach",
				     "DETACH PARTITION ... CONCURRENTLY",
				     "DETACH PARTITION takes an ACCESS "
				     "EXCLUSIVE lock on the whole partitioned "
				     "table %s",
				     tname(st));
		}
		break;
	}
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DetachPartitionFinalize:
		lock(st, RT_LOCK_SHARE_UPDATE_EXCLUSIVE);
		break;
	default:
		lock(st, RT_LOCK_ACCESS_EXCLUSIVE);
		break;
	}
}

static void alter_table(an_stmt *st, const PgQuery__AlterTableStmt *at)
{
	if (!at->relation)
		return;
	switch (at->objtype) {
	case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX: {
		/* R55-R57: SUE, but SET TABLESPACE copies under AE */
		index_table(st, rv_schema(st, at->relation),
			    at->relation->relname);
		lock(st, RT_LOCK_SHARE_UPDATE_EXCLUSIVE);
		for (size_t i = 0; i < at->n_cmds; i++)
			if (at->cmds[i]->node_case ==
				PG_QUERY__NODE__NODE_ALTER_TABLE_CMD &&
			    at->cmds[i]->alter_table_cmd->subtype ==
				PG_QUERY__ALTER_TABLE_TYPE__AT_SetTableSpace) {
				lock(st, RT_LOCK_ACCESS_EXCLUSIVE);
				work(st, RT_WORK_REWRITE);
			}
		return;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE: /* R67 */
		on_relation(st, rv_schema(st, at->relation),
			    at->relation->relname);
		lock(st, RT_LOCK_SHARE_ROW_EXCLUSIVE);
		return;
	case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
	case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW:
		on_relation(st, rv_schema(st, at->relation),
			    at->relation->relname);
		lock(st, RT_LOCK_ACCESS_EXCLUSIVE);
		return;
	default:
		break;
	}
	rt_table *t = on_table(st, at->relation);
	for (size_t i = 0; i < at->n_cmds; i++)
		if (at->cmds[i]->node_case ==
		    PG_QUERY__NODE__NODE_ALTER_TABLE_CMD)
			alter_cmd(st, t, at->cmds[i]->alter_table_cmd);
	if (st->r->lock == RT_LOCK_NONE)
		lock(st, RT_LOCK_ACCESS_EXCLUSIVE);
}

/* ---- CREATE TABLE ------------------------------------------------------ */

static void create_table(an_stmt *st, const PgQuery__CreateStmt *cs)
{
	const PgQuery__RangeVar *rv = cs->relation;
	const char *schema = rv_schema(st, rv);

	too_long(st, rv->relname);
	if (!nonempty(rv->schemaname))
		find(st, "require-table-schema", "qualify the table's name",
		     "CREATE TABLE %s without a schema: it goes to the first "
		     "schema of search_path",
		     rv->relname);
	for (size_t i = 0; i < cs->n_table_elts; i++) {
		const PgQuery__Node *e = cs->table_elts[i];
		if (e->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF)
			(void)coldef(st, e->column_def);
		else if (e->node_case == PG_QUERY__NODE__NODE_CONSTRAINT)
			too_long(st, e->constraint->conname);
	}
	if (cs->partbound && cs->n_inh_relations &&
	    cs->inh_relations[0]->node_case == PG_QUERY__NODE__NODE_RANGE_VAR) {
		/* R03: PARTITION OF takes AE on the parent */
		on_table(st, cs->inh_relations[0]->range_var);
		lock(st, RT_LOCK_ACCESS_EXCLUSIVE);
		if (hazard(st))
			find(st, "partition-locks-parent",
			     "create a standalone table, load it, add a CHECK "
			     "matching the bound, then ATTACH PARTITION",
			     "CREATE TABLE ... PARTITION OF takes an ACCESS "
			     "EXCLUSIVE lock on %s",
			     tname(st));
		mark_created(st->z, schema, rv->relname);
		return;
	}
	/* R01, R02: AE on the new table only (SRE on referenced ones) */
	mark_created(st->z, schema, rv->relname);
	on_table(st, rv);
	st->r->new_table = true;
	lock(st, RT_LOCK_ACCESS_EXCLUSIVE);
}

/* ---- indexes ---------------------------------------------------------------
 */

static void create_index(an_stmt *st, const PgQuery__IndexStmt *is)
{
	const rt_table *t = is->relation ? on_table(st, is->relation) : NULL;
	too_long(st, is->idxname);
	if (!t && is->relation) {
		/* an index on a materialized view */
		on_relation(st, rv_schema(st, is->relation),
			    is->relation->relname);
	}
	work(st, RT_WORK_INDEX);
	if (is->concurrent) { /* R50 */
		lock(st, RT_LOCK_SHARE_UPDATE_EXCLUSIVE);
		no_transaction(st, "CREATE INDEX CONCURRENTLY",
			       "ban-concurrent-index-creation-in-transaction");
		if (!is->if_not_exists)
			find(st, "prefer-robust-stmts",
			     "CREATE INDEX CONCURRENTLY IF NOT EXISTS (and "
			     "drop an INVALID leftover first)",
			     "CREATE INDEX CONCURRENTLY is not transactional: "
			     "a failed build leaves an INVALID index and the "
			     "rerun fails on its name");
		if (t && t->relkind == RT_REL_PARTITIONED)
			find(st, "concurrent-index-on-partitioned-table",
			     "CREATE INDEX ON ONLY the parent, CONCURRENTLY "
			     "on each partition, then ATTACH each",
			     "CREATE INDEX CONCURRENTLY fails on the "
			     "partitioned table %s",
			     tname(st));
		return;
	}
	lock(st, RT_LOCK_SHARE); /* R49, R59 */
	if (hazard(st))
		find(st, "require-concurrent-index-creation",
		     "CREATE INDEX CONCURRENTLY, outside a transaction block",
		     "CREATE INDEX blocks writes to %s (SHARE lock) for the "
		     "whole build",
		     tname(st));
}

/* ---- DROP ------------------------------------------------------------------
 */

/* The qualified name of a DROP object (a List of Strings). */
static void list_name(const an_stmt *st, const PgQuery__Node *o,
		      const char **schema, const char **name)
{
	*schema = NULL;
	*name = NULL;
	if (!o)
		return;
	if (o->node_case == PG_QUERY__NODE__NODE_STRING) {
		*name = o->string->sval;
		*schema = resolve(st, NULL, *name);
		return;
	}
	if (o->node_case != PG_QUERY__NODE__NODE_LIST || !o->list->n_items)
		return;
	size_t n = o->list->n_items;
	*name = str_of(o->list->items[n - 1]);
	if (n >= 2 && str_of(o->list->items[n - 2]))
		*schema = str_of(o->list->items[n - 2]);
	*schema = resolve(st, *schema, *name);
}

static void drop(an_stmt *st, const PgQuery__DropStmt *d)
{
	bool cascade = d->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
	for (size_t i = 0; i < d->n_objects; i++) {
		const char *schema, *name;
		list_name(st, d->objects[i], &schema, &name);
		if (!name)
			continue;
		switch (d->remove_type) {
		case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE: /* R05 */
			on_relation(st, schema, name);
			lock(st, RT_LOCK_ACCESS_EXCLUSIVE);
			if (hazard(st)) {
				st->r->data_loss = true;
				find(st, "ban-drop-table",
				     "stop using it in the application, rename "
				     "it or keep a backup, drop it later",
				     "DROP TABLE %s loses all its rows%s", name,
				     cascade ? " and CASCADE drops what "
					       "depends on it"
					     : "");
			}
			break;
		case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX: { /* R51, R52 */
			bool known = index_table(st, schema, name);
			if (d->concurrent) {
				lock(st, RT_LOCK_SHARE_UPDATE_EXCLUSIVE);
				no_transaction(st, "DROP INDEX CONCURRENTLY",
					       NULL);
				if (!d->missing_ok)
					find(
					    st, "prefer-robust-stmts",
					    "DROP INDEX CONCURRENTLY IF EXISTS",
					    "DROP INDEX CONCURRENTLY is not "
					    "transactional: a rerun fails once "
					    "it is gone");
			} else {
				lock(st, RT_LOCK_ACCESS_EXCLUSIVE);
				if (hazard(st))
					find(
					    st,
					    "require-concurrent-index-deletion",
					    "DROP INDEX CONCURRENTLY, outside "
					    "a transaction block",
					    "DROP INDEX %s takes an ACCESS "
					    "EXCLUSIVE lock on %s",
					    name,
					    known ? st->r->table.name
						  : "its table");
			}
			break;
		}
		case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW: /* R73 */
			on_relation(st, schema, name);
			lock(st, RT_LOCK_ACCESS_EXCLUSIVE);
			break;
		case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW:
			on_relation(st, schema, name);
			lock(st, RT_LOCK_ACCESS_EXCLUSIVE);
			st->r->data_loss = hazard(st);
			break;
		case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE: /* R69 */
			on_relation(st, schema, name);
			lock(st, RT_LOCK_ACCESS_EXCLUSIVE);
			st->r->data_loss = hazard(st);
			break;
		case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA:
			st->r->data_loss = true;
			find(st, "ban-drop-database",
			     "drop the objects one by one, each reviewed",
			     "DROP SCHEMA %s%s", name,
			     cascade ? " CASCADE drops every table in it" : "");
			break;
		case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE: /* R64 */
		case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN:
			if (cascade) {
				st->r->data_loss = true;
				find(st, "drop-cascade",
				     "drop the dependent columns explicitly",
				     "DROP TYPE %s CASCADE drops the columns "
				     "of that type",
				     name);
			}
			break;
		case PG_QUERY__OBJECT_TYPE__OBJECT_EXTENSION: /* R85 */
			st->r->data_loss = cascade;
			break;
		case PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER: /* R76 */
		case PG_QUERY__OBJECT_TYPE__OBJECT_POLICY:  /* R77 */
		case PG_QUERY__OBJECT_TYPE__OBJECT_RULE: {
			/* objects: (schema.)table.name */
			const PgQuery__Node *o = d->objects[i];
			if (o->node_case == PG_QUERY__NODE__NODE_LIST &&
			    o->list->n_items >= 2) {
				size_t n = o->list->n_items;
				const char *tb = str_of(o->list->items[n - 2]);
				const char *sc =
				    n >= 3 ? str_of(o->list->items[n - 3])
					   : NULL;
				if (tb)
					on_relation(st, resolve(st, sc, tb),
						    tb);
			}
			lock(st, RT_LOCK_ACCESS_EXCLUSIVE);
			break;
		}
		default:
			break;
		}
	}
}

/* ---- maintenance ------------------------------------------------------------
 */

/* Whether a DefElem list (VACUUM, REINDEX, CLUSTER options) has name. */
static bool has_option(PgQuery__Node **opts, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (opts[i]->node_case == PG_QUERY__NODE__NODE_DEF_ELEM &&
		    !strcmp(opts[i]->def_elem->defname, name)) {
			const PgQuery__Node *arg = opts[i]->def_elem->arg;
			/* FULL false, (FULL off) */
			if (arg &&
			    arg->node_case == PG_QUERY__NODE__NODE_BOOLEAN &&
			    !arg->boolean->boolval)
				return false;
			if (arg &&
			    arg->node_case == PG_QUERY__NODE__NODE_STRING &&
			    (!strcmp(arg->string->sval, "false") ||
			     !strcmp(arg->string->sval, "off")))
				return false;
			return true;
		}
	return false;
}

static void vacuum(an_stmt *st, const PgQuery__VacuumStmt *v)
{
	bool full = has_option(v->options, v->n_options, "full");
	if (v->n_rels &&
	    v->rels[0]->node_case == PG_QUERY__NODE__NODE_VACUUM_RELATION &&
	    v->rels[0]->vacuum_relation->relation)
		on_table(st, v->rels[0]->vacuum_relation->relation);
	if (!v->is_vacuumcmd) { /* ANALYZE (R83): a bounded sample */
		lock(st, RT_LOCK_SHARE_UPDATE_EXCLUSIVE);
		return;
	}
	no_transaction(st, full ? "VACUUM FULL" : "VACUUM", NULL);
	if (!full) { /* R82 */
		lock(st, RT_LOCK_SHARE_UPDATE_EXCLUSIVE);
		work(st, RT_WORK_SCAN);
		return;
	}
	lock(st, RT_LOCK_ACCESS_EXCLUSIVE); /* R11 */
	work(st, RT_WORK_REWRITE);
	if (hazard(st))
		find(st, "table-rewrite",
		     "pg_repack or pg_squeeze rewrite online; or plain VACUUM",
		     "VACUUM FULL rewrites %s and its indexes under an ACCESS "
		     "EXCLUSIVE lock",
		     st->r->table.name ? st->r->table.name : "every table");
}

static void cluster(an_stmt *st, const PgQuery__ClusterStmt *c)
{
	if (c->relation)
		on_table(st, c->relation);
	else
		no_transaction(st, "CLUSTER without a table", NULL);
	lock(st, RT_LOCK_ACCESS_EXCLUSIVE); /* R11 */
	work(st, RT_WORK_REWRITE);
	if (hazard(st))
		find(st, "table-rewrite",
		     "pg_repack rewrites online in the index's order",
		     "CLUSTER rewrites and sorts %s under an ACCESS EXCLUSIVE "
		     "lock",
		     st->r->table.name ? st->r->table.name : "every table");
}

static void reindex(an_stmt *st, const PgQuery__ReindexStmt *ri)
{
	bool conc = has_option(ri->params, ri->n_params, "concurrently");
	switch (ri->kind) {
	case PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_INDEX:
		if (ri->relation)
			index_table(st, rv_schema(st, ri->relation),
				    ri->relation->relname);
		break;
	case PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_TABLE:
		if (ri->relation)
			on_table(st, ri->relation);
		break;
	default: /* SCHEMA, SYSTEM, DATABASE */
		no_transaction(st, "REINDEX SCHEMA, SYSTEM or DATABASE", NULL);
		break;
	}
	work(st, RT_WORK_INDEX);
	if (conc) { /* R54 */
		lock(st, RT_LOCK_SHARE_UPDATE_EXCLUSIVE);
		no_transaction(st, "REINDEX CONCURRENTLY", NULL);
		return;
	}
	lock(st, RT_LOCK_SHARE); /* R53: and AE on each index rebuilt */
	if (hazard(st))
		find(st, "require-concurrent-reindex",
		     "REINDEX ... CONCURRENTLY, outside a transaction block",
		     "REINDEX blocks writes to %s and, through the ACCESS "
		     "EXCLUSIVE lock on the index, the queries that plan with "
		     "it",
		     st->r->table.name ? st->r->table.name : "the tables");
}

static void refresh(an_stmt *st, const PgQuery__RefreshMatViewStmt *rm)
{
	on_relation(st, rv_schema(st, rm->relation), rm->relation->relname);
	work(st, RT_WORK_REWRITE); /* runs the query, replaces the rows */
	if (rm->concurrent) {
		lock(st, RT_LOCK_EXCLUSIVE);
		return;
	}
	lock(st, RT_LOCK_ACCESS_EXCLUSIVE); /* R74 */
	if (hazard(st))
		find(st, "require-concurrent-refresh",
		     "REFRESH MATERIALIZED VIEW CONCURRENTLY (needs a unique "
		     "index on it)",
		     "REFRESH MATERIALIZED VIEW blocks reads of %s for the "
		     "whole refresh",
		     tname(st));
}

static void truncate_stmt(an_stmt *st, const PgQuery__TruncateStmt *tr)
{
	bool cascade = tr->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
	if (tr->n_relations &&
	    tr->relations[0]->node_case == PG_QUERY__NODE__NODE_RANGE_VAR)
		on_table(st, tr->relations[0]->range_var);
	lock(st, RT_LOCK_ACCESS_EXCLUSIVE); /* R06 */
	if (!hazard(st))
		return;
	st->r->data_loss = true;
	find(st, "ban-truncate",
	     "DELETE in batches if rows must go while traffic continues",
	     "TRUNCATE empties %s%s under an ACCESS EXCLUSIVE lock", tname(st),
	     tr->n_relations > 1 ? " and the other tables named" : "");
	if (cascade)
		find(st, "ban-truncate-cascade", "name every table to empty",
		     "TRUNCATE ... CASCADE also empties every table with a "
		     "foreign key to %s",
		     tname(st));
}

/* ---- DML --------------------------------------------------------------- */

static void update(an_stmt *st, const PgQuery__UpdateStmt *u)
{
	on_table(st, u->relation);
	lock(st, RT_LOCK_ROW_EXCLUSIVE);
	work(st, RT_WORK_DEPENDS);
	for (size_t i = 0; i < u->n_target_list; i++) {
		const PgQuery__Node *a = u->target_list[i];
		if (a->node_case != PG_QUERY__NODE__NODE_RES_TARGET)
			continue;
		for (size_t j = 0; j < i; j++) {
			const PgQuery__Node *b = u->target_list[j];
			if (b->node_case == PG_QUERY__NODE__NODE_RES_TARGET &&
			    !strcmp(a->res_target->name, b->res_target->name))
				find(st, "ban-duplicate-column-assignments",
				     "assign each column once",
				     "UPDATE assigns %s twice: PostgreSQL "
				     "refuses it",
				     a->res_target->name);
		}
	}
	if (!u->where_clause && hazard(st))
		find(st, "update-without-where",
		     "backfill in batches of a few thousand rows, each its "
		     "own transaction",
		     "UPDATE without WHERE writes a new version of every row "
		     "of %s in one transaction, locking them all",
		     tname(st));
}

static void delete_stmt(an_stmt *st, const PgQuery__DeleteStmt *d)
{
	on_table(st, d->relation);
	lock(st, RT_LOCK_ROW_EXCLUSIVE);
	work(st, RT_WORK_DEPENDS);
	if (!hazard(st))
		return;
	st->r->data_loss = true;
	if (!d->where_clause)
		find(st, "delete-without-where",
		     "add the WHERE it needs, or delete in batches",
		     "DELETE without WHERE removes every row of %s", tname(st));
}

/* ---- sessions and transactions --------------------------------------------
 */

static void transaction(an_stmt *st, const PgQuery__TransactionStmt *t)
{
	rt_analyzer *z = st->z;
	st->r->lock = RT_LOCK_NONE;
	switch (t->kind) {
	case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_BEGIN:
	case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_START:
		if (z->in_block)
			find(st, "transaction-nesting",
			     "remove the inner BEGIN (the runner already "
			     "opened a transaction)",
			     "BEGIN inside a transaction block: PostgreSQL "
			     "warns and ignores it, and the first COMMIT ends "
			     "both");
		z->in_block = true;
		z->began = st->r;
		break;
	case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_COMMIT:
	case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK:
		if (z->assume_tx && !z->began)
			find(st, "transaction-nesting",
			     "leave transaction control to the runner",
			     "COMMIT ends the runner's transaction: the "
			     "statements after it run outside of it");
		z->in_block = false;
		z->began = NULL;
		z->tx_gen++;
		break;
	default:
		break;
	}
}

static bool zero_setting(const PgQuery__VariableSetStmt *v)
{
	if (v->kind != PG_QUERY__VARIABLE_SET_KIND__VAR_SET_VALUE || !v->n_args)
		return true;
	const PgQuery__Node *a = v->args[0];
	if (a->node_case != PG_QUERY__NODE__NODE_A_CONST)
		return false;
	const PgQuery__AConst *c = a->a_const;
	if (c->val_case == PG_QUERY__A__CONST__VAL_IVAL)
		return c->ival->ival == 0;
	if (c->val_case == PG_QUERY__A__CONST__VAL_SVAL)
		return !strcmp(c->sval->sval, "0");
	return false;
}

/* SET search_path TO a, b / DEFAULT, RESET search_path. */
static void set_path(an_stmt *st, const PgQuery__VariableSetStmt *v)
{
	rt_vec *path = &st->z->path;
	path->len = 0;
	if (v->kind != PG_QUERY__VARIABLE_SET_KIND__VAR_SET_VALUE)
		return;
	for (size_t i = 0; i < v->n_args; i++) {
		const PgQuery__Node *a = v->args[i];
		const char *name = NULL;
		if (a->node_case == PG_QUERY__NODE__NODE_A_CONST &&
		    a->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL)
			name = a->a_const->sval->sval;
		if (name && *name && strcmp(name, "$user") != 0)
			rt_vec_push(path, st->z->a,
				    rt_arena_strdup(st->z->a, name));
	}
}

static void set_var(an_stmt *st, const PgQuery__VariableSetStmt *v)
{
	if (!v->name)
		return;
	if (!strcmp(v->name, "search_path"))
		set_path(st, v);
	if (!strcmp(v->name, "lock_timeout"))
		st->z->lock_timeout = !zero_setting(v);
	else if (!strcmp(v->name, "statement_timeout"))
		st->z->statement_timeout = !zero_setting(v);
}

/* LOCK TABLE: the mode asked for (lockdefs.h numbers, 1..8). */
static void lock_stmt(an_stmt *st, const PgQuery__LockStmt *l)
{
	if (l->n_relations &&
	    l->relations[0]->node_case == PG_QUERY__NODE__NODE_RANGE_VAR)
		on_table(st, l->relations[0]->range_var);
	lock(st, l->mode >= 1 && l->mode <= 8 ? (rt_lock)l->mode
					      : RT_LOCK_ACCESS_EXCLUSIVE);
}

/* ---- types, triggers, comments, renames -------------------------------------
 */

static void alter_enum(an_stmt *st, const PgQuery__AlterEnumStmt *e)
{
	st->r->lock = RT_LOCK_NONE; /* R61, R62: the type only */
	if (nonempty(e->old_val))
		return; /* RENAME VALUE */
	if (!pg(st, 120000))
		no_transaction(st,
			       "ALTER TYPE ... ADD VALUE (before "
			       "PostgreSQL 12)",
			       NULL);
	else if (st->z->in_block)
		/* PG12+: allowed, but not usable before COMMIT */
		find(st, "enum-value-used-in-transaction",
		     "commit before any statement uses the new value",
		     "the value '%s' added here cannot be stored or compared "
		     "until the transaction commits",
		     e->new_val);
	if (!nonempty(e->new_val_neighbor))
		find(st, "require-enum-value-ordering",
		     "say BEFORE or AFTER which value",
		     "ADD VALUE '%s' without BEFORE or AFTER goes last",
		     e->new_val);
}

static void create_trigger(an_stmt *st, const PgQuery__CreateTrigStmt *ct)
{
	on_table(st, ct->relation);
	lock(st, RT_LOCK_SHARE_ROW_EXCLUSIVE); /* R75 */
	if (ct->replace)
		lock(st, RT_LOCK_ACCESS_EXCLUSIVE);
}

static void comment(an_stmt *st, const PgQuery__CommentStmt *c)
{
	const char *schema, *name;
	switch (c->objtype) {
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
	case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW:
	case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
	case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
		list_name(st, c->object, &schema, &name);
		if (name)
			on_relation(st, schema, name);
		lock(st, RT_LOCK_SHARE_UPDATE_EXCLUSIVE); /* R70 */
		break;
	case PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER:
	case PG_QUERY__OBJECT_TYPE__OBJECT_POLICY:
	case PG_QUERY__OBJECT_TYPE__OBJECT_RULE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABCONSTRAINT:
		/* the object's table, locked as the object's address is
		 * looked up (comment.c: get_object_address with SUE) */
	case PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN: {
		/* (schema.)table.column, (schema.)table.trigger, ... */
		const PgQuery__Node *o = c->object;
		if (o && o->node_case == PG_QUERY__NODE__NODE_LIST &&
		    o->list->n_items >= 2) {
			size_t n = o->list->n_items;
			const char *tb = str_of(o->list->items[n - 2]);
			const char *sc =
			    n >= 3 ? str_of(o->list->items[n - 3]) : NULL;
			if (tb)
				on_relation(st, resolve(st, sc, tb), tb);
		}
		lock(st, RT_LOCK_SHARE_UPDATE_EXCLUSIVE);
		break;
	}
	default:
		break;
	}
}

static void rename_stmt(an_stmt *st, const PgQuery__RenameStmt *rn)
{
	too_long(st, rn->newname);
	switch (rn->rename_type) {
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE: /* R07 */
		if (rn->relation)
			on_table(st, rn->relation);
		lock(st, RT_LOCK_ACCESS_EXCLUSIVE);
		if (hazard(st))
			find(st, "renaming-table",
			     "create an updatable view with the new name, move "
			     "the code, then rename and drop the view in one "
			     "transaction",
			     "RENAME %s TO %s breaks every query that uses the "
			     "old name",
			     tname(st), rn->newname);
		/* the table under its new name is as new as it was */
		if (rn->relation && st->r->new_table)
			mark_created(st->z, rv_schema(st, rn->relation),
				     rn->newname);
		break;
	case PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN: /* R23 */
		if (rn->relation)
			on_table(st, rn->relation);
		lock(st, RT_LOCK_ACCESS_EXCLUSIVE);
		if (hazard(st))
			find(st, "renaming-column",
			     "add the new column, write both, backfill, move "
			     "the readers, drop the old one (or rename only in "
			     "the ORM)",
			     "RENAME COLUMN %s TO %s breaks every query that "
			     "uses the old name",
			     rn->subname, rn->newname);
		break;
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABCONSTRAINT: /* R48 */
		if (rn->relation)
			on_table(st, rn->relation);
		lock(st, RT_LOCK_ACCESS_EXCLUSIVE);
		break;
	case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX: /* R55 */
		if (rn->relation)
			index_table(st, rv_schema(st, rn->relation),
				    rn->relation->relname);
		lock(st, pg(st, 120000) ? RT_LOCK_SHARE_UPDATE_EXCLUSIVE
					: RT_LOCK_ACCESS_EXCLUSIVE);
		break;
	case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
	case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW:
		if (rn->relation)
			on_relation(st, rv_schema(st, rn->relation),
				    rn->relation->relname);
		lock(st, RT_LOCK_ACCESS_EXCLUSIVE);
		break;
	case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
		lock(st, RT_LOCK_SHARE_ROW_EXCLUSIVE);
		break;
	default:
		break;
	}
}

static void create_domain(an_stmt *st, const PgQuery__CreateDomainStmt *d)
{
	for (size_t i = 0; i < d->n_constraints; i++)
		if (d->constraints[i]->node_case ==
			PG_QUERY__NODE__NODE_CONSTRAINT &&
		    d->constraints[i]->constraint->contype ==
			PG_QUERY__CONSTR_TYPE__CONSTR_CHECK) {
			find(st, "ban-create-domain-with-constraint",
			     "use the base type and a table CHECK",
			     "a domain with a CHECK: adding a column of it "
			     "rewrites the table, and changing the check "
			     "scans every table that uses it");
			return;
		}
}

static void alter_domain(an_stmt *st, const PgQuery__AlterDomainStmt *d)
{
	/* 'C': ADD CONSTRAINT; 'V': VALIDATE; 'O': SET NOT NULL (R65) */
	if (!d->subtype)
		return;
	if (!strcmp(d->subtype, "C") && d->def &&
	    d->def->node_case == PG_QUERY__NODE__NODE_CONSTRAINT &&
	    !d->def->constraint->skip_validation) {
		lock(st, RT_LOCK_SHARE);
		work(st, RT_WORK_SCAN);
		find(st, "ban-alter-domain-with-add-constraint",
		     "ADD CONSTRAINT ... NOT VALID, then ALTER DOMAIN ... "
		     "VALIDATE CONSTRAINT",
		     "ALTER DOMAIN ... ADD CONSTRAINT scans every column of "
		     "the domain, blocking writes to their tables");
	} else if (!strcmp(d->subtype, "O") || !strcmp(d->subtype, "V")) {
		lock(st, RT_LOCK_SHARE);
		work(st, RT_WORK_SCAN);
	}
}

static void create_view(an_stmt *st, const PgQuery__ViewStmt *v)
{
	const char *schema = rv_schema(st, v->view);
	on_relation(st, schema, v->view->relname);
	if (v->replace && st->r->table_known) {
		lock(st, RT_LOCK_ACCESS_EXCLUSIVE); /* R72 */
		return;
	}
	mark_created(st->z, schema, v->view->relname);
	st->r->new_table = true;
	lock(st, RT_LOCK_ACCESS_EXCLUSIVE); /* on the new view only (R71) */
}

static void create_table_as(an_stmt *st, const PgQuery__CreateTableAsStmt *c)
{
	if (!c->into || !c->into->rel)
		return;
	const char *schema = rv_schema(st, c->into->rel);
	mark_created(st->z, schema, c->into->rel->relname);
	on_relation(st, schema, c->into->rel->relname);
	st->r->new_table = true;
	lock(st, RT_LOCK_ACCESS_EXCLUSIVE); /* R04: the new relation */
	work(st, RT_WORK_DEPENDS);	    /* runs the query */
}

/* ---- dispatch ------------------------------------------------------------ */

/* The statement's kind for reports: "ALTER TABLE", ... */
static const char *kind_of(const PgQuery__Node *n)
{
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_CREATE_STMT:
		return "CREATE TABLE";
	case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
		return "ALTER TABLE";
	case PG_QUERY__NODE__NODE_INDEX_STMT:
		return "CREATE INDEX";
	case PG_QUERY__NODE__NODE_DROP_STMT:
		return "DROP";
	case PG_QUERY__NODE__NODE_TRUNCATE_STMT:
		return "TRUNCATE";
	case PG_QUERY__NODE__NODE_VACUUM_STMT:
		return n->vacuum_stmt->is_vacuumcmd ? "VACUUM" : "ANALYZE";
	case PG_QUERY__NODE__NODE_CLUSTER_STMT:
		return "CLUSTER";
	case PG_QUERY__NODE__NODE_REINDEX_STMT:
		return "REINDEX";
	case PG_QUERY__NODE__NODE_REFRESH_MAT_VIEW_STMT:
		return "REFRESH MATERIALIZED VIEW";
	case PG_QUERY__NODE__NODE_ALTER_ENUM_STMT:
		return "ALTER TYPE";
	case PG_QUERY__NODE__NODE_CREATE_TRIG_STMT:
		return "CREATE TRIGGER";
	case PG_QUERY__NODE__NODE_UPDATE_STMT:
		return "UPDATE";
	case PG_QUERY__NODE__NODE_DELETE_STMT:
		return "DELETE";
	case PG_QUERY__NODE__NODE_INSERT_STMT:
		return "INSERT";
	case PG_QUERY__NODE__NODE_SELECT_STMT:
		return "SELECT";
	case PG_QUERY__NODE__NODE_COMMENT_STMT:
		return "COMMENT";
	case PG_QUERY__NODE__NODE_GRANT_STMT:
		return n->grant_stmt->is_grant ? "GRANT" : "REVOKE";
	case PG_QUERY__NODE__NODE_VIEW_STMT:
		return "CREATE VIEW";
	case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT:
		return "CREATE TABLE AS";
	case PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT:
		return "CREATE FUNCTION";
	case PG_QUERY__NODE__NODE_RENAME_STMT:
		return "RENAME";
	case PG_QUERY__NODE__NODE_TRANSACTION_STMT:
		return "TRANSACTION";
	case PG_QUERY__NODE__NODE_VARIABLE_SET_STMT:
		return "SET";
	case PG_QUERY__NODE__NODE_LOCK_STMT:
		return "LOCK";
	case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT:
		return "CREATE SEQUENCE";
	case PG_QUERY__NODE__NODE_ALTER_SEQ_STMT:
		return "ALTER SEQUENCE";
	case PG_QUERY__NODE__NODE_CREATE_ENUM_STMT:
		return "CREATE TYPE";
	case PG_QUERY__NODE__NODE_CREATE_DOMAIN_STMT:
		return "CREATE DOMAIN";
	case PG_QUERY__NODE__NODE_ALTER_DOMAIN_STMT:
		return "ALTER DOMAIN";
	case PG_QUERY__NODE__NODE_CREATE_EXTENSION_STMT:
		return "CREATE EXTENSION";
	case PG_QUERY__NODE__NODE_CREATE_SCHEMA_STMT:
		return "CREATE SCHEMA";
	case PG_QUERY__NODE__NODE_DO_STMT:
		return "DO";
	case PG_QUERY__NODE__NODE_CALL_STMT:
		return "CALL";
	case PG_QUERY__NODE__NODE_DROPDB_STMT:
		return "DROP DATABASE";
	default:
		return "statement";
	}
}

void rt_analyze__stmt(an_stmt *st, PgQuery__Node *n)
{
	rt_stmt_analysis *r = st->r;
	r->kind = kind_of(n);
	r->work = RT_WORK_CATALOG;
	r->in_transaction = true;
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_CREATE_STMT:
		create_table(st, n->create_stmt);
		break;
	case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
		alter_table(st, n->alter_table_stmt);
		break;
	case PG_QUERY__NODE__NODE_INDEX_STMT:
		create_index(st, n->index_stmt);
		break;
	case PG_QUERY__NODE__NODE_DROP_STMT:
		drop(st, n->drop_stmt);
		break;
	case PG_QUERY__NODE__NODE_TRUNCATE_STMT:
		truncate_stmt(st, n->truncate_stmt);
		break;
	case PG_QUERY__NODE__NODE_VACUUM_STMT:
		vacuum(st, n->vacuum_stmt);
		break;
	case PG_QUERY__NODE__NODE_CLUSTER_STMT:
		cluster(st, n->cluster_stmt);
		break;
	case PG_QUERY__NODE__NODE_REINDEX_STMT:
		reindex(st, n->reindex_stmt);
		break;
	case PG_QUERY__NODE__NODE_REFRESH_MAT_VIEW_STMT:
		refresh(st, n->refresh_mat_view_stmt);
		break;
	case PG_QUERY__NODE__NODE_ALTER_ENUM_STMT:
		alter_enum(st, n->alter_enum_stmt);
		break;
	case PG_QUERY__NODE__NODE_CREATE_TRIG_STMT:
		create_trigger(st, n->create_trig_stmt);
		break;
	case PG_QUERY__NODE__NODE_UPDATE_STMT:
		update(st, n->update_stmt);
		break;
	case PG_QUERY__NODE__NODE_DELETE_STMT:
		delete_stmt(st, n->delete_stmt);
		break;
	case PG_QUERY__NODE__NODE_INSERT_STMT:
		if (n->insert_stmt->relation)
			on_table(st, n->insert_stmt->relation);
		lock(st, RT_LOCK_ROW_EXCLUSIVE);
		work(st, RT_WORK_DEPENDS);
		break;
	case PG_QUERY__NODE__NODE_COMMENT_STMT:
		comment(st, n->comment_stmt);
		break;
	case PG_QUERY__NODE__NODE_RENAME_STMT:
		rename_stmt(st, n->rename_stmt);
		break;
	case PG_QUERY__NODE__NODE_TRANSACTION_STMT:
		transaction(st, n->transaction_stmt);
		break;
	case PG_QUERY__NODE__NODE_VARIABLE_SET_STMT:
		set_var(st, n->variable_set_stmt);
		break;
	case PG_QUERY__NODE__NODE_LOCK_STMT:
		lock_stmt(st, n->lock_stmt);
		break;
	case PG_QUERY__NODE__NODE_CREATE_DOMAIN_STMT:
		create_domain(st, n->create_domain_stmt);
		break;
	case PG_QUERY__NODE__NODE_ALTER_DOMAIN_STMT:
		alter_domain(st, n->alter_domain_stmt);
		break;
	case PG_QUERY__NODE__NODE_VIEW_STMT:
		create_view(st, n->view_stmt);
		break;
	case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT:
		create_table_as(st, n->create_table_as_stmt);
		break;
	case PG_QUERY__NODE__NODE_ALTER_SEQ_STMT:
		if (n->alter_seq_stmt->sequence)
			on_relation(st,
				    rv_schema(st, n->alter_seq_stmt->sequence),
				    n->alter_seq_stmt->sequence->relname);
		lock(st, RT_LOCK_SHARE_ROW_EXCLUSIVE); /* R67 */
		break;
	case PG_QUERY__NODE__NODE_DROPDB_STMT:
		r->data_loss = true;
		no_transaction(st, "DROP DATABASE", NULL);
		find(st, "ban-drop-database", NULL,
		     "DROP DATABASE %s loses every table in it",
		     n->dropdb_stmt->dbname);
		break;
	case PG_QUERY__NODE__NODE_CREATEDB_STMT:
		no_transaction(st, "CREATE DATABASE", NULL);
		break;
	case PG_QUERY__NODE__NODE_ALTER_SYSTEM_STMT:
		no_transaction(st, "ALTER SYSTEM", NULL);
		break;
	/* catalog only, no table lock (R60, R66, R71, R84, functions,
	 * types, schemas, roles, settings) */
	case PG_QUERY__NODE__NODE_SELECT_STMT:
	case PG_QUERY__NODE__NODE_GRANT_STMT:
	case PG_QUERY__NODE__NODE_GRANT_ROLE_STMT:
	case PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT:
	case PG_QUERY__NODE__NODE_ALTER_FUNCTION_STMT:
	case PG_QUERY__NODE__NODE_CREATE_ENUM_STMT:
	case PG_QUERY__NODE__NODE_COMPOSITE_TYPE_STMT:
	case PG_QUERY__NODE__NODE_CREATE_RANGE_STMT:
	case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT:
	case PG_QUERY__NODE__NODE_CREATE_SCHEMA_STMT:
	case PG_QUERY__NODE__NODE_CREATE_EXTENSION_STMT:
	case PG_QUERY__NODE__NODE_ALTER_EXTENSION_STMT:
	case PG_QUERY__NODE__NODE_CREATE_ROLE_STMT:
	case PG_QUERY__NODE__NODE_ALTER_ROLE_STMT:
	case PG_QUERY__NODE__NODE_DROP_ROLE_STMT:
	case PG_QUERY__NODE__NODE_ALTER_OWNER_STMT:
	case PG_QUERY__NODE__NODE_ALTER_OBJECT_SCHEMA_STMT:
	case PG_QUERY__NODE__NODE_ALTER_DEFAULT_PRIVILEGES_STMT:
	case PG_QUERY__NODE__NODE_VARIABLE_SHOW_STMT:
	case PG_QUERY__NODE__NODE_DEFINE_STMT:
	case PG_QUERY__NODE__NODE_CREATE_CAST_STMT:
	case PG_QUERY__NODE__NODE_CREATE_POLICY_STMT:
	case PG_QUERY__NODE__NODE_ALTER_POLICY_STMT:
	case PG_QUERY__NODE__NODE_CREATE_STATS_STMT:
	case PG_QUERY__NODE__NODE_RULE_STMT:
	case PG_QUERY__NODE__NODE_NOTIFY_STMT:
	case PG_QUERY__NODE__NODE_EXPLAIN_STMT:
	case PG_QUERY__NODE__NODE_COPY_STMT:
		break;
	default:
		/* a statement retort has no facts for (DO, CALL, ...): it
		 * may take any lock; reported as the worst */
		lock(st, RT_LOCK_ACCESS_EXCLUSIVE);
		work(st, RT_WORK_DEPENDS);
		find(st, "unknown-statement",
		     "review it by hand, or write it as plain DDL retort can "
		     "read",
		     "retort cannot tell what %s locks or does; assumed an "
		     "ACCESS EXCLUSIVE lock",
		     r->kind);
		break;
	}
	if (n->node_case == PG_QUERY__NODE__NODE_ALTER_OBJECT_SCHEMA_STMT &&
	    n->alter_object_schema_stmt->relation) {
		/* R08: SET SCHEMA of a table: AE */
		on_relation(
		    st, rv_schema(st, n->alter_object_schema_stmt->relation),
		    n->alter_object_schema_stmt->relation->relname);
		lock(st, RT_LOCK_ACCESS_EXCLUSIVE);
	}
	if (n->node_case == PG_QUERY__NODE__NODE_CREATE_POLICY_STMT ||
	    n->node_case == PG_QUERY__NODE__NODE_ALTER_POLICY_STMT)
		lock(st, RT_LOCK_ACCESS_EXCLUSIVE); /* R77 */
	timeouts(st);
}
