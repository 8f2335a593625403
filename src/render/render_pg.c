/* SPDX-License-Identifier: MIT */
/*
 * PostgreSQL SQL for typed changes. Every name goes through the quoting
 * helpers and is schema-qualified; expressions and index definitions are
 * rendered from the source's text (the keys are for comparison only).
 * A few changes take several statements (replacing an enum, downgrading an
 * extension); each statement ends with ";\n".
 */
#include "base/common.h"
#include "base/sql.h"
#include "diff/diff.h"
#include "render/render.h"
#include "render/render_int.h"
#include "schema/kind.h"

#define PG	       RT_DIALECT_PG
#define qname	       rt_render__qname
#define ident	       rt_render__ident
#define collation_name rt_render__collation_name
#define type_name      rt_render__type_name
#define object_name    rt_render__object_name

void rt_render__qname(rt_buf *b, const char *schema, const char *name)
{
	rt_buf_add_qname(b, PG, schema, name);
}

void rt_render__ident(rt_buf *b, const char *name)
{
	rt_buf_add_ident(b, PG, name);
}

/* A collation: built-in ones ("C", "POSIX") unqualified, as a column
 * definition usually spells them. */
void rt_render__collation_name(rt_buf *b, rt_qname q)
{
	if (rt_is_catalog(q.schema))
		ident(b, q.name);
	else
		qname(b, q.schema, q.name);
}

/* A type: built-in names are printed as format_type() spells them; user
 * types are qualified and quoted, with any "[]" kept outside the quotes. */
void rt_render__type_name(rt_buf *b, rt_type t)
{
	const char *n = t.name;
	size_t len, dims = 0;

	if (rt_is_catalog(t.schema)) {
		rt_buf_adds(b, n);
		return;
	}
	len = strlen(n);
	while (len >= 2 && n[len - 2] == '[' && n[len - 1] == ']') {
		len -= 2;
		dims++;
	}
	if (dims == 0) {
		qname(b, t.schema, n);
		return;
	}
	{
		char *base = rt_xmalloc(len + 1);
		memcpy(base, n, len);
		base[len] = '\0';
		qname(b, t.schema, base);
		free(base);
	}
	while (dims--)
		rt_buf_adds(b, "[]");
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

static void alter_table(rt_buf *b, const rt_table *t)
{
	rt_buf_adds(b, "ALTER TABLE ");
	qname(b, t->schema, t->name);
	rt_buf_addch(b, ' ');
}

static void alter_column(rt_buf *b, const rt_column *c)
{
	alter_table(b, c->table);
	rt_buf_adds(b, "ALTER COLUMN ");
	ident(b, c->name);
	rt_buf_addch(b, ' ');
}

static const char *identity_words(rt_identity id)
{
	return id == RT_IDENTITY_ALWAYS ? "ALWAYS" : "BY DEFAULT";
}

static void type_bounds(const char *type, int64_t *min, int64_t *max);

/*
 * An identity's sequence options: those of s that differ from old's, or
 * with no old from PostgreSQL's defaults for the column's type, each
 * after `pre` (" " inside GENERATED ... AS IDENTITY (...), " SET " in
 * ALTER COLUMN). RESTART when old's start (a new sequence's value) falls
 * outside the new bounds, which PostgreSQL refuses.
 */
static void identity_options(rt_buf *b, const rt_column *c,
			     const rt_sequence *old, const char *pre)
{
	const rt_sequence *s = c->id_seq;
	int64_t tmin, tmax, dmin, dmax;

	if (!s)
		return;
	type_bounds(c->type.name, &tmin, &tmax);
	dmin = s->increment > 0 ? 1 : tmin;
	dmax = s->increment > 0 ? tmax : -1;
	if (old ? old->start != s->start
		: s->start != (s->increment > 0 ? s->min : s->max))
		rt_buf_addf(b, "%sSTART WITH %lld", pre, (long long)s->start);
	if (old ? old->increment != s->increment : s->increment != 1)
		rt_buf_addf(b, "%sINCREMENT BY %lld", pre,
			    (long long)s->increment);
	if (old ? old->min != s->min : s->min != dmin)
		rt_buf_addf(b, "%sMINVALUE %lld", pre, (long long)s->min);
	if (old ? old->max != s->max : s->max != dmax)
		rt_buf_addf(b, "%sMAXVALUE %lld", pre, (long long)s->max);
	if (old ? old->cache != s->cache : s->cache > 1)
		rt_buf_addf(b, "%sCACHE %lld", pre, (long long)s->cache);
	if (old ? old->cycle != s->cycle : s->cycle)
		rt_buf_addf(b, "%s%s", pre, s->cycle ? "CYCLE" : "NO CYCLE");
	if (old && (old->start < s->min || old->start > s->max))
		rt_buf_adds(b, " RESTART");
}

/* " (START WITH ...)" of a new identity: the options that are not
 * PostgreSQL's defaults, and SEQUENCE NAME when not the default name */
static void identity_clause(rt_buf *b, const rt_column *c)
{
	rt_buf opts = RT_BUF_INIT, dflt = RT_BUF_INIT;

	rt_buf_addf(b, " GENERATED %s AS IDENTITY",
		    identity_words(c->identity));
	if (!c->id_seq)
		return;
	identity_options(&opts, c, NULL, " ");
	rt_schema_identity_seq_name(&dflt, c);
	if (!rt_streq(c->id_seq->name, dflt.data) ||
	    !rt_streq(c->id_seq->schema, c->table->schema)) {
		rt_buf_adds(&opts, " SEQUENCE NAME ");
		qname(&opts, c->id_seq->schema, c->id_seq->name);
	}
	if (opts.len)
		rt_buf_addf(b, " (%s)", opts.data + 1);
	rt_buf_release(&opts);
	rt_buf_release(&dflt);
}

static void column_def(rt_buf *b, const rt_column *c)
{
	ident(b, c->name);
	rt_buf_addch(b, ' ');
	type_name(b, c->type);
	if (c->collation.name) {
		rt_buf_adds(b, " COLLATE ");
		collation_name(b, c->collation);
	}
	if (c->generated)
		rt_buf_addf(b, " GENERATED ALWAYS AS (%s) STORED",
			    c->generated->text);
	if (c->identity)
		identity_clause(b, c);
	if (c->default_expr && !c->generated && !c->identity)
		rt_buf_addf(b, " DEFAULT %s", c->default_expr->text);
	if (c->not_null)
		rt_buf_adds(b, " NOT NULL");
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

/* A storage parameter stored as "name=value" ("toast.name=value") as
 * name = 'value', the name's parts quoted when needed. */
static void reloption(rt_buf *b, const char *opt)
{
	const char *eq = strchr(opt, '='), *p = opt;

	if (!eq)
		eq = opt + strlen(opt);
	while (p < eq) {
		const char *dot = memchr(p, '.', (size_t)(eq - p));
		const char *end = dot ? dot : eq;
		char *part = rt_xmalloc((size_t)(end - p) + 1);

		memcpy(part, p, (size_t)(end - p));
		part[end - p] = '\0';
		ident(b, part);
		free(part);
		if (dot)
			rt_buf_addch(b, '.');
		p = end + (dot ? 1 : 0);
	}
	rt_buf_adds(b, " = ");
	rt_buf_add_literal(b, PG, *eq ? eq + 1 : "true");
}

/* The constraint's definition after "CONSTRAINT name ". */
static void constraint_body(rt_buf *b, const rt_constraint *k)
{
	const char *act;

	switch (k->type) {
	case RT_CON_PRIMARY:
		rt_buf_adds(b, "PRIMARY KEY ");
		ident_list(b, &k->columns);
		break;
	case RT_CON_UNIQUE:
		rt_buf_adds(b, "UNIQUE ");
		if (k->nulls_not_distinct)
			rt_buf_adds(b, "NULLS NOT DISTINCT ");
		ident_list(b, &k->columns);
		break;
	case RT_CON_FOREIGN:
		rt_buf_adds(b, "FOREIGN KEY ");
		ident_list(b, &k->columns);
		rt_buf_adds(b, " REFERENCES ");
		qname(b, k->ref_table.schema, k->ref_table.name);
		if (k->ref_columns.len)
			ident_list(b, &k->ref_columns);
		if (k->match == 'f')
			rt_buf_adds(b, " MATCH FULL");
		if ((act = fk_action(k->on_update)))
			rt_buf_addf(b, " ON UPDATE %s", act);
		if ((act = fk_action(k->on_delete))) {
			rt_buf_addf(b, " ON DELETE %s", act);
			if (k->on_delete_columns.len) {
				rt_buf_addch(b, ' ');
				ident_list(b, &k->on_delete_columns);
			}
		}
		break;
	case RT_CON_CHECK:
		rt_buf_addf(b, "CHECK (%s)", k->expr ? k->expr->text : "true");
		if (k->no_inherit)
			rt_buf_adds(b, " NO INHERIT");
		break;
	case RT_CON_EXCLUDE:
		rt_buf_adds(b, k->expr ? k->expr->text : "");
		break;
	}
	if ((k->type == RT_CON_PRIMARY || k->type == RT_CON_UNIQUE) &&
	    k->include.len) {
		rt_buf_adds(b, " INCLUDE ");
		ident_list(b, &k->include);
	}
	if ((k->type == RT_CON_PRIMARY || k->type == RT_CON_UNIQUE) &&
	    k->index_options.len) {
		rt_buf_adds(b, " WITH (");
		for (size_t i = 0; i < k->index_options.len; i++) {
			if (i)
				rt_buf_adds(b, ", ");
			reloption(b, k->index_options.items[i]);
		}
		rt_buf_addch(b, ')');
	}
	if (k->deferrable)
		rt_buf_adds(b, " DEFERRABLE");
	if (k->initially_deferred)
		rt_buf_adds(b, " INITIALLY DEFERRED");
	if (k->not_valid)
		rt_buf_adds(b, " NOT VALID");
}

static void constraint_def(rt_buf *b, const rt_constraint *k)
{
	rt_buf_adds(b, "CONSTRAINT ");
	ident(b, k->name);
	rt_buf_addch(b, ' ');
	constraint_body(b, k);
}

static bool inline_constraint(const rt_constraint *k)
{
	return k->is_local && k->type != RT_CON_FOREIGN && !k->not_valid;
}

static void create_table(rt_buf *b, const rt_table *t, bool if_not_exists)
{
	bool part = t->partition_of.name != NULL;
	size_t n = 0;

	rt_buf_adds(b,
		    t->unlogged ? "CREATE UNLOGGED TABLE " : "CREATE TABLE ");
	if (if_not_exists)
		rt_buf_adds(b, "IF NOT EXISTS ");
	qname(b, t->schema, t->name);
	if (part) {
		rt_buf_adds(b, " PARTITION OF ");
		qname(b, t->partition_of.schema, t->partition_of.name);
	}
	for (size_t i = 0; !part && i < t->columns.len; i++) {
		const rt_column *c = t->columns.items[i];
		if (!c->is_local)
			continue;
		rt_buf_adds(b, n++ ? ",\n    " : " (\n    ");
		column_def(b, c);
	}
	for (size_t i = 0; i < t->constraints.len; i++) {
		const rt_constraint *k = t->constraints.items[i];
		if (!inline_constraint(k))
			continue;
		rt_buf_adds(b, n++ ? ",\n    " : " (\n    ");
		constraint_def(b, k);
	}
	if (n)
		rt_buf_adds(b, "\n)");
	else if (!part)
		rt_buf_adds(b, " ()");
	if (part)
		rt_buf_addf(b, " %s",
			    t->partition_bound ? t->partition_bound->text
					       : "DEFAULT");
	if (!part && t->inherits.len) {
		rt_buf_adds(b, " INHERITS (");
		for (size_t i = 0; i < t->inherits.len; i++) {
			const rt_qname *q = t->inherits.items[i];
			if (i)
				rt_buf_adds(b, ", ");
			qname(b, q->schema, q->name);
		}
		rt_buf_addch(b, ')');
	}
	if (t->partition_key)
		rt_buf_addf(b, " PARTITION BY %s", t->partition_key->text);
}

/* ---- index definitions ---- */

static const char *skip_ws(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return p;
}

/* Length of the token at p: a word, a quoted identifier, or one other
 * character. */
static size_t token_len(const char *p)
{
	const char *q = p;

	if (*p == '"') {
		q++;
		while (*q) {
			if (q[0] == '"' && q[1] == '"')
				q += 2;
			else if (*q == '"')
				return (size_t)(q + 1 - p);
			else
				q++;
		}
		return (size_t)(q - p);
	}
	while ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') ||
	       (*q >= '0' && *q <= '9') || *q == '_' || *q == '$' ||
	       (unsigned char)*q >= 0x80)
		q++;
	return q == p ? (*p ? 1 : 0) : (size_t)(q - p);
}

static bool token_is(const char *p, size_t n, const char *word)
{
	return strlen(word) == n && strncasecmp(p, word, n) == 0;
}

const char *rt_render__index_tail(const char *def, bool *unique)
{
	const char *p = skip_ws(def);
	size_t n = token_len(p);

	*unique = false;
	if (!token_is(p, n, "CREATE"))
		return NULL;
	p = skip_ws(p + n);
	n = token_len(p);
	if (token_is(p, n, "UNIQUE")) {
		*unique = true;
		p = skip_ws(p + n);
		n = token_len(p);
	}
	if (!token_is(p, n, "INDEX"))
		return NULL;
	/* skip everything up to the ON keyword */
	for (;;) {
		p = skip_ws(p + n);
		n = token_len(p);
		if (!n)
			return NULL;
		if (token_is(p, n, "ON"))
			break;
	}
	p = skip_ws(p + n);
	n = token_len(p);
	if (token_is(p, n, "ONLY")) {
		p = skip_ws(p + n);
		n = token_len(p);
	}
	/* the table name: ident [. ident] */
	for (;;) {
		if (!n || *p == '(')
			return NULL;
		p = skip_ws(p + n);
		if (*p != '.')
			break;
		p = skip_ws(p + 1);
		n = token_len(p);
	}
	return p;
}

static void create_index(rt_buf *b, const rt_index *ix, bool concurrently,
			 bool if_not_exists)
{
	bool unique;
	const char *tail = rt_render__index_tail(ix->def->text, &unique);

	if (!tail) {
		rt_buf_adds(b, ix->def->text);
		rt_render__trim_semicolon(b);
		return;
	}
	rt_buf_adds(b, unique || ix->unique ? "CREATE UNIQUE INDEX "
					    : "CREATE INDEX ");
	if (concurrently)
		rt_buf_adds(b, "CONCURRENTLY ");
	else if (if_not_exists)
		rt_buf_adds(b, "IF NOT EXISTS ");
	ident(b, ix->name);
	rt_buf_adds(b, " ON ");
	qname(b, ix->table.schema ? ix->table.schema : ix->schema,
	      ix->table.name);
	rt_buf_addch(b, ' ');
	rt_buf_adds(b, tail);
	rt_render__trim_semicolon(b);
}

/* ---- types ---- */

static void enum_labels(rt_buf *b, const rt_enum *e)
{
	rt_buf_adds(b, "CREATE TYPE ");
	qname(b, e->schema, e->name);
	rt_buf_adds(b, " AS ENUM (");
	for (size_t i = 0; i < e->labels.len; i++) {
		if (i)
			rt_buf_adds(b, ", ");
		rt_buf_add_literal(b, PG, e->labels.items[i]);
	}
	rt_buf_addch(b, ')');
}

static void drop_type(rt_buf *b, const char *schema, const char *name)
{
	rt_buf_adds(b, "DROP TYPE ");
	qname(b, schema, name);
}

/* ---- sequences ---- */

static void type_bounds(const char *type, int64_t *min, int64_t *max)
{
	if (rt_streq(type, "smallint")) {
		*min = INT16_MIN;
		*max = INT16_MAX;
	} else if (rt_streq(type, "integer")) {
		*min = INT32_MIN;
		*max = INT32_MAX;
	} else {
		*min = INT64_MIN;
		*max = INT64_MAX;
	}
}

static void sequence_options(rt_buf *b, const rt_sequence *s,
			     const rt_sequence *old)
{
	int64_t tmin, tmax, dmin, dmax;
	bool type_changed = old && !rt_streq(old->type, s->type);

	type_bounds(s->type ? s->type : "bigint", &tmin, &tmax);
	dmin = s->increment > 0 ? 1 : tmin;
	dmax = s->increment > 0 ? tmax : -1;
	if (s->type && (!old || type_changed))
		rt_buf_addf(b, " AS %s", s->type);
	if (old ? old->increment != s->increment : s->increment != 1)
		rt_buf_addf(b, " INCREMENT BY %lld", (long long)s->increment);
	if (old ? old->min != s->min || type_changed : s->min != dmin)
		rt_buf_addf(b, " MINVALUE %lld", (long long)s->min);
	if (old ? old->max != s->max || type_changed : s->max != dmax)
		rt_buf_addf(b, " MAXVALUE %lld", (long long)s->max);
	if (old ? old->start != s->start
		: s->start != (s->increment > 0 ? s->min : s->max))
		rt_buf_addf(b, " START WITH %lld", (long long)s->start);
	if (old ? old->cache != s->cache : s->cache > 1)
		rt_buf_addf(b, " CACHE %lld", (long long)s->cache);
	if (old ? old->cycle != s->cycle : s->cycle)
		rt_buf_adds(b, s->cycle ? " CYCLE" : " NO CYCLE");
}

static void sequence_owner(rt_buf *b, const rt_sequence *s)
{
	rt_buf_adds(b, "ALTER SEQUENCE ");
	qname(b, s->schema, s->name);
	rt_buf_adds(b, " OWNED BY ");
	if (!s->owned_by_table.name) {
		rt_buf_adds(b, "NONE");
	} else {
		qname(b, s->owned_by_table.schema, s->owned_by_table.name);
		rt_buf_addch(b, '.');
		ident(b, s->owned_by_column);
	}
}

/* ---- extensions, collations ---- */

static void create_extension(rt_buf *b, const rt_extension *e)
{
	rt_buf_adds(b, "CREATE EXTENSION IF NOT EXISTS ");
	ident(b, e->name);
	if (e->schema) {
		rt_buf_adds(b, " WITH SCHEMA ");
		ident(b, e->schema);
	}
	if (e->version) {
		rt_buf_adds(b, " VERSION ");
		rt_buf_add_literal(b, PG, e->version);
	}
}

static void create_collation(rt_buf *b, const rt_collation *c)
{
	rt_buf_adds(b, "CREATE COLLATION ");
	qname(b, c->schema, c->name);
	if (c->provider == 'i') {
		rt_buf_adds(b, " (provider = icu, locale = ");
		rt_buf_add_literal(b, PG, c->lc_collate ? c->lc_collate : "");
	} else if (rt_streq(c->lc_collate, c->lc_ctype)) {
		rt_buf_adds(b, " (provider = libc, locale = ");
		rt_buf_add_literal(b, PG, c->lc_collate ? c->lc_collate : "C");
	} else {
		rt_buf_adds(b, " (provider = libc, lc_collate = ");
		rt_buf_add_literal(b, PG, c->lc_collate ? c->lc_collate : "C");
		rt_buf_adds(b, ", lc_ctype = ");
		rt_buf_add_literal(b, PG, c->lc_ctype ? c->lc_ctype : "C");
	}
	if (!c->deterministic)
		rt_buf_adds(b, ", deterministic = false");
	rt_buf_addch(b, ')');
}

/* ---- comments ---- */

/* The object as SQL names it, per its kind's naming. */
void rt_render__object_name(rt_buf *b, rt_kind k, const rt_object *o)
{
	switch (rt_kind_get(k)->naming) {
	case RT_NAMING_PLAIN:
		ident(b, o->name);
		break;
	case RT_NAMING_QUALIFIED:
		qname(b, o->schema, o->name);
		break;
	case RT_NAMING_MEMBER:
		qname(b, o->owner->schema, o->owner->name);
		rt_buf_addch(b, '.');
		ident(b, o->name);
		break;
	case RT_NAMING_ON_TABLE:
		ident(b, o->name);
		rt_buf_adds(b, " ON ");
		qname(b, o->owner->schema, o->owner->name);
		break;
	case RT_NAMING_SIGNATURE: {
		const rt_function *f = (const rt_function *)o;
		qname(b, f->schema, f->proname);
		rt_buf_adds(b, f->name + strlen(f->proname));
		break;
	}
	}
}

static int comment_on(rt_buf *b, const rt_step *st, rt_error *err)
{
	const rt_object *o = st->target ? st->target : st->object;
	const char *text = st->target ? o->comment : NULL;

	if (!o || st->kind >= RT_KIND_UNMANAGED)
		return rt_errorf(err, RT_EINTERNAL,
				 "cannot render a comment on object kind %d",
				 (int)st->kind);
	rt_buf_addf(b, "COMMENT ON %s ", rt_render__sql_type(st->kind, o));
	object_name(b, st->kind, o);
	rt_buf_adds(b, " IS ");
	if (text)
		rt_buf_add_literal(b, PG, text);
	else
		rt_buf_adds(b, "NULL");
	return 0;
}

static void note(rt_buf *b, const rt_step *st)
{
	const rt_change *ch = st->change;
	const rt_unmanaged *u = ch->after ? ch->after : ch->before;

	rt_buf_adds(b, "-- retort: ");
	for (const char *p = u->what; *p; p++)
		rt_buf_addch(b, *p == '\n' || *p == '\r' ? ' ' : *p);
	rt_buf_adds(b, ch->after ? " exists only in the target"
				 : " exists only in the source");
	rt_buf_adds(b, " and is not managed by retort: not migrated");
}

/* ---- one step ---- */

static void column_type(rt_buf *b, const rt_step *st)
{
	const rt_column *c = st->object;
	alter_column(b, c);
	rt_buf_adds(b, "TYPE ");
	type_name(b, st->type);
	if (st->collation.name) {
		rt_buf_adds(b, " COLLATE ");
		collation_name(b, st->collation);
	}
	if (st->using == RT_USING_NONE)
		return;
	rt_buf_adds(b, " USING ");
	ident(b, c->name);
	if (st->using == RT_USING_TEXT)
		rt_buf_adds(b, "::text");
	else if (st->using == RT_USING_TEXT_ARRAY)
		rt_buf_adds(b, "::text[]");
	rt_buf_adds(b, "::");
	type_name(b, st->type);
}

static void add_enum_value(rt_buf *b, const rt_step *st)
{
	const rt_enum *e = st->target;
	const rt_change *ch = st->change;
	rt_buf_adds(b, "ALTER TYPE ");
	qname(b, e->schema, e->name);
	rt_buf_adds(b, " ADD VALUE ");
	rt_buf_add_literal(b, PG, ch->label);
	if (ch->neighbour) {
		rt_buf_adds(b, ch->neighbour_after ? " AFTER " : " BEFORE ");
		rt_buf_add_literal(b, PG, ch->neighbour);
	}
}

static void partition_op(rt_buf *b, const rt_step *st, const char *verb)
{
	const rt_table *t = st->target ? st->target : st->object;
	const rt_qname *p = &st->change->parent;
	rt_buf_adds(b, "ALTER TABLE ");
	qname(b, p->schema, p->name);
	rt_buf_adds(b, verb);
	qname(b, t->schema, t->name);
	if (st->op == RT_OP_ATTACH_PARTITION)
		rt_buf_addf(b, " %s",
			    t->partition_bound ? t->partition_bound->text
					       : "DEFAULT");
}

/* The column a column step names: the target when there is one. */
static const rt_column *step_column(const rt_step *st)
{
	return st->target ? st->target : st->object;
}

/* By the change's names: the from model is renamed in place before the
 * diff, so the object's are already the new ones. */
static void rename_stmt(rt_buf *b, const rt_step *st)
{
	const rt_rename *r = st->change->rename;

	switch (st->op) {
	case RT_OP_RENAME_INDEX:
		rt_buf_adds(b, "ALTER INDEX ");
		qname(b, r->schema, r->name);
		break;
	case RT_OP_RENAME_SEQUENCE:
		rt_buf_adds(b, "ALTER SEQUENCE ");
		qname(b, r->schema, r->name);
		break;
	case RT_OP_RENAME_TABLE:
		rt_buf_adds(b, "ALTER TABLE ");
		qname(b, r->schema, r->name);
		break;
	default: /* a column or a constraint of r->table */
		rt_buf_adds(b, "ALTER TABLE ");
		qname(b, r->schema, r->table);
		rt_buf_adds(b, st->op == RT_OP_RENAME_COLUMN ? " RENAME COLUMN "
							     : " RENAME "
							       "CONSTRAINT ");
		ident(b, r->name);
		break;
	}
	rt_buf_adds(b, st->op == RT_OP_RENAME_COLUMN ||
			       st->op == RT_OP_RENAME_CONSTRAINT
			   ? " TO "
			   : " RENAME TO ");
	ident(b, r->new_name);
}

/* A safe form's backfill (plan_safe.c): the NULLs of the column set to
 * the step's expression 1,000 rows at a time, each batch committed (the
 * step runs outside a transaction), rows found by ctid so that a batch is
 * a TID scan; a value that comes out NULL stops it instead of looping. */
#define BACKFILL_TAG   "$retort_backfill$"
#define BACKFILL_BATCH 1000

static int backfill(rt_buf *b, const rt_step *st, rt_error *err)
{
	const rt_column *c = st->target;
	const rt_table *t = c->table;
	rt_buf msg = RT_BUF_INIT;

	if (strstr(st->backfill, BACKFILL_TAG))
		return rt_errorf(err, RT_EINPUT,
				 "cannot write the backfill of '%s.%s.%s': its "
				 "value holds %s",
				 t->schema, t->name, c->name, BACKFILL_TAG);
	rt_buf_adds(b, "DO " BACKFILL_TAG "\nDECLARE\n    n bigint;\n"
		       "    filled bigint;\nBEGIN\n    LOOP\n"
		       "        WITH batch AS (\n            UPDATE ");
	qname(b, t->schema, t->name);
	rt_buf_adds(b, " SET ");
	ident(b, c->name);
	rt_buf_addf(b,
		    " = (%s)\n            WHERE ctid = ANY (ARRAY(SELECT "
		    "ctid FROM ",
		    st->backfill);
	qname(b, t->schema, t->name);
	rt_buf_adds(b, " WHERE ");
	ident(b, c->name);
	rt_buf_addf(b, " IS NULL LIMIT %d))\n            RETURNING ",
		    BACKFILL_BATCH);
	ident(b, c->name);
	rt_buf_adds(b, "\n        )\n        SELECT count(*), count(");
	ident(b, c->name);
	rt_buf_adds(b, ") INTO n, filled FROM batch;\n"
		       "        EXIT WHEN n = 0;\n"
		       "        IF filled < n THEN\n"
		       "            RAISE EXCEPTION USING MESSAGE = ");
	rt_buf_addf(&msg, "backfill of %s.%s.%s: the value is NULL", t->schema,
		    t->name, c->name);
	rt_buf_add_literal(b, PG, msg.data);
	rt_buf_release(&msg);
	rt_buf_adds(b, ";\n        END IF;\n        COMMIT;\n    END LOOP;\n"
		       "END\n" BACKFILL_TAG);
	return 0;
}

int rt_render__pg_step(rt_buf *b, const rt_step *st, rt_error *err)
{
	const rt_object *obj = st->object, *tgt = st->target;
	const rt_column *col = step_column(st);

	switch (st->op) {
	case RT_OP_CREATE_SCHEMA:
		rt_buf_adds(b, st->rerunnable ? "CREATE SCHEMA IF NOT EXISTS "
					      : "CREATE SCHEMA ");
		ident(b, tgt->name);
		break;
	case RT_OP_DROP_SCHEMA:
		rt_buf_adds(b, "DROP SCHEMA ");
		ident(b, obj->name);
		break;
	case RT_OP_CREATE_EXTENSION:
		create_extension(b, st->target);
		break;
	case RT_OP_DROP_EXTENSION:
		rt_buf_adds(b, "DROP EXTENSION ");
		ident(b, obj->name);
		break;
	case RT_OP_ALTER_EXTENSION_SCHEMA:
		rt_buf_adds(b, "ALTER EXTENSION ");
		ident(b, tgt->name);
		rt_buf_adds(b, " SET SCHEMA ");
		ident(b, tgt->schema);
		break;
	case RT_OP_ALTER_EXTENSION_UPDATE:
		rt_buf_adds(b, "ALTER EXTENSION ");
		ident(b, tgt->name);
		rt_buf_adds(b, " UPDATE TO ");
		rt_buf_add_literal(b, PG, ((const rt_extension *)tgt)->version);
		break;
	case RT_OP_CREATE_COLLATION:
		create_collation(b, st->target);
		break;
	case RT_OP_DROP_COLLATION:
		rt_buf_adds(b, "DROP COLLATION ");
		qname(b, obj->schema, st->name);
		break;
	case RT_OP_RENAME_COLLATION:
		rt_buf_adds(b, "ALTER COLLATION ");
		qname(b, obj->schema, obj->name);
		rt_buf_adds(b, " RENAME TO ");
		ident(b, st->name);
		break;
	case RT_OP_CREATE_ENUM:
		enum_labels(b, st->target);
		break;
	case RT_OP_DROP_TYPE:
		drop_type(b, obj->schema, st->name);
		break;
	case RT_OP_RENAME_TYPE:
		rt_buf_adds(b, "ALTER TYPE ");
		qname(b, obj->schema, obj->name);
		rt_buf_adds(b, " RENAME TO ");
		ident(b, st->name);
		break;
	case RT_OP_ADD_ENUM_VALUE:
		add_enum_value(b, st);
		break;
	case RT_OP_CREATE_SEQUENCE:
		rt_buf_adds(b, st->rerunnable ? "CREATE SEQUENCE IF NOT EXISTS "
					      : "CREATE SEQUENCE ");
		qname(b, tgt->schema, tgt->name);
		sequence_options(b, st->target, NULL);
		break;
	case RT_OP_DROP_SEQUENCE:
		rt_buf_adds(b, "DROP SEQUENCE ");
		qname(b, obj->schema, obj->name);
		break;
	case RT_OP_ALTER_SEQUENCE:
		rt_buf_adds(b, "ALTER SEQUENCE ");
		qname(b, tgt->schema, tgt->name);
		sequence_options(b, st->target, st->object);
		break;
	case RT_OP_ALTER_SEQUENCE_OWNER:
		sequence_owner(b, st->target);
		break;
	case RT_OP_CREATE_TABLE:
		create_table(b, st->target, st->rerunnable);
		break;
	case RT_OP_DROP_TABLE:
		rt_buf_adds(b, "DROP TABLE ");
		qname(b, obj->schema, obj->name);
		break;
	case RT_OP_ADD_COLUMN:
		alter_table(b, col->table);
		rt_buf_adds(b, st->rerunnable ? "ADD COLUMN IF NOT EXISTS "
					      : "ADD COLUMN ");
		column_def(b, col);
		break;
	case RT_OP_DROP_COLUMN:
		alter_table(b, col->table);
		rt_buf_adds(b, "DROP COLUMN ");
		ident(b, col->name);
		break;
	case RT_OP_ALTER_COLUMN_TYPE:
		column_type(b, st);
		break;
	case RT_OP_SET_DEFAULT:
		alter_column(b, col);
		rt_buf_addf(b, "SET DEFAULT %s", col->default_expr->text);
		break;
	case RT_OP_DROP_DEFAULT:
		alter_column(b, col);
		rt_buf_adds(b, "DROP DEFAULT");
		break;
	case RT_OP_SET_NOT_NULL:
		alter_column(b, col);
		rt_buf_adds(b, "SET NOT NULL");
		break;
	case RT_OP_DROP_NOT_NULL:
		alter_column(b, col);
		rt_buf_adds(b, "DROP NOT NULL");
		break;
	case RT_OP_ADD_IDENTITY:
		alter_column(b, col);
		rt_buf_adds(b, "ADD");
		identity_clause(b, col);
		break;
	case RT_OP_DROP_IDENTITY:
		alter_column(b, col);
		rt_buf_adds(b, "DROP IDENTITY");
		break;
	case RT_OP_RENAME_IDENTITY_SEQUENCE: {
		const rt_column *oc = st->object;
		rt_buf_adds(b, "ALTER SEQUENCE ");
		qname(b, oc->id_seq->schema, oc->id_seq->name);
		rt_buf_adds(b, " RENAME TO ");
		ident(b, col->id_seq->name);
		break;
	}
	case RT_OP_ALTER_IDENTITY: {
		const rt_column *oc = st->object;
		size_t at;
		alter_column(b, col);
		at = b->len;
		if (!oc || oc->identity != col->identity)
			rt_buf_addf(b, " SET GENERATED %s",
				    identity_words(col->identity));
		if (oc && oc->id_seq && col->id_seq) {
			rt_sequence tmp;
			identity_options(
			    b, col,
			    rt_schema_identity_retyped(&tmp, oc->id_seq,
						       col->id_seq->type),
			    " SET ");
		}
		/* alter_column ended with a space */
		if (b->len > at) {
			memmove(b->data + at, b->data + at + 1, b->len - at);
			b->len--;
		}
		break;
	}
	case RT_OP_DROP_EXPRESSION:
		alter_column(b, col);
		rt_buf_adds(b, "DROP EXPRESSION");
		break;
	case RT_OP_ADD_CONSTRAINT: {
		const rt_constraint *k = st->target;
		alter_table(b, k->table);
		if (st->rerunnable) {
			rt_buf_adds(b, "DROP CONSTRAINT IF EXISTS ");
			ident(b, k->name);
			rt_buf_adds(b, ", ");
		}
		rt_buf_adds(b, "ADD ");
		constraint_def(b, k);
		if (st->not_valid && !k->not_valid)
			rt_buf_adds(b, " NOT VALID");
		break;
	}
	case RT_OP_DROP_CONSTRAINT: {
		const rt_constraint *k = st->object;
		alter_table(b, k->table);
		rt_buf_adds(b, st->rerunnable ? "DROP CONSTRAINT IF EXISTS "
					      : "DROP CONSTRAINT ");
		ident(b, k->name);
		break;
	}
	case RT_OP_CREATE_INDEX:
		create_index(b, st->target, st->concurrently, st->rerunnable);
		break;
	case RT_OP_DROP_INDEX: {
		/* a safe form's drop of a leftover names the target */
		const rt_object *ix = obj ? obj : tgt;
		rt_buf_adds(b, "DROP INDEX ");
		if (st->concurrently)
			rt_buf_adds(b, "CONCURRENTLY ");
		if (st->if_exists)
			rt_buf_adds(b, "IF EXISTS ");
		qname(b, ix->schema, ix->name);
		break;
	}
	case RT_OP_VALIDATE_CONSTRAINT: {
		const rt_constraint *k = st->target;
		alter_table(b, k->table);
		rt_buf_adds(b, "VALIDATE CONSTRAINT ");
		ident(b, k->name);
		break;
	}
	case RT_OP_BACKFILL:
		return backfill(b, st, err);
	case RT_OP_ATTACH_PARTITION:
		partition_op(b, st, " ATTACH PARTITION ");
		break;
	case RT_OP_DETACH_PARTITION:
		partition_op(b, st, " DETACH PARTITION ");
		break;
	case RT_OP_ADD_INHERIT:
	case RT_OP_DROP_INHERIT: {
		const rt_table *t = st->target ? st->target : st->object;
		const rt_qname *p = &st->change->parent;
		alter_table(b, t);
		rt_buf_adds(b, st->op == RT_OP_ADD_INHERIT ? "INHERIT "
							   : "NO INHERIT ");
		qname(b, p->schema, p->name);
		break;
	}
	case RT_OP_SET_PERSISTENCE: {
		const rt_table *t = st->target;
		alter_table(b, t);
		rt_buf_adds(b, t->unlogged ? "SET UNLOGGED" : "SET LOGGED");
		break;
	}
	case RT_OP_COMMENT:
		return comment_on(b, st, err);
	case RT_OP_NOTE:
		if (st->change->kind == RT_CH_MAYBE_CHANGED)
			return rt_render__pg_object(b, st, err);
		note(b, st);
		break;
	case RT_OP_CREATE_OBJECT:
	case RT_OP_DROP_OBJECT:
	case RT_OP_ALTER_OBJECT:
	case RT_OP_ALTER_DOMAIN_DEFAULT:
	case RT_OP_ALTER_DOMAIN_NOT_NULL:
	case RT_OP_ALTER_DOMAIN_DROP_CHECK:
	case RT_OP_ALTER_DOMAIN_ADD_CHECK:
	case RT_OP_ALTER_DOMAIN_VALIDATE:
	case RT_OP_GRANT:
	case RT_OP_REVOKE:
	case RT_OP_SET_RLS:
	case RT_OP_SET_TABLE_OPTIONS:
	case RT_OP_SET_REPLICA_IDENTITY:
	case RT_OP_SET_CLUSTER:
	case RT_OP_SET_COLUMN_OPTIONS:
		return rt_render__pg_object(b, st, err);
	case RT_OP_RENAME_TABLE:
	case RT_OP_RENAME_COLUMN:
	case RT_OP_RENAME_CONSTRAINT:
	case RT_OP_RENAME_INDEX:
	case RT_OP_RENAME_SEQUENCE:
		rename_stmt(b, st);
		break;
	case RT_OP_PARK_BEGIN: /* several statements: rt_render__pg_park */
	case RT_OP_PARK_TABLE:
	case RT_OP_PARK_COLUMN:
	case RT_OP_RESTORE_TABLE:
	case RT_OP_RESTORE_COLUMN:
	case RT_OP_PARK_END:
	case RT_OP_NONE:
	case RT_OP__COUNT: /* no default: a new op must be handled */
		return rt_errorf(err, RT_EINTERNAL, "cannot render step op %d",
				 (int)st->op);
	}
	return 0;
}
