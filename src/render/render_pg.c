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

#define PG RT_DIALECT_PG

static void qname(rt_buf *b, const char *schema, const char *name)
{
	rt_buf_add_qname(b, PG, schema, name);
}

static void ident(rt_buf *b, const char *name)
{
	rt_buf_add_ident(b, PG, name);
}

static void end_stmt(rt_buf *b)
{
	rt_buf_adds(b, ";\n");
}

/* A type: built-in names are printed as format_type() spells them; user
 * types are qualified and quoted, with any "[]" kept outside the quotes. */
static void type_name(rt_buf *b, rt_type t)
{
	const char *n = t.name;
	size_t len, dims = 0;

	if (!t.schema) {
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

static void column_def(rt_buf *b, const rt_column *c)
{
	ident(b, c->name);
	rt_buf_addch(b, ' ');
	type_name(b, c->type);
	if (c->collation.name) {
		rt_buf_adds(b, " COLLATE ");
		qname(b, c->collation.schema, c->collation.name);
	}
	if (c->generated)
		rt_buf_addf(b, " GENERATED ALWAYS AS (%s) STORED",
			    c->generated->text);
	if (c->identity)
		rt_buf_addf(b, " GENERATED %s AS IDENTITY",
			    identity_words(c->identity));
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
		qname(b, k->ref_table.schema ? k->ref_table.schema : "public",
		      k->ref_table.name);
		if (k->ref_columns.len)
			ident_list(b, &k->ref_columns);
		if (k->match == 'f')
			rt_buf_adds(b, " MATCH FULL");
		if ((act = fk_action(k->on_update)))
			rt_buf_addf(b, " ON UPDATE %s", act);
		if ((act = fk_action(k->on_delete)))
			rt_buf_addf(b, " ON DELETE %s", act);
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

static void create_table(rt_buf *b, const rt_table *t)
{
	bool part = t->partition_of.name != NULL;
	size_t n = 0;

	rt_buf_adds(b,
		    t->unlogged ? "CREATE UNLOGGED TABLE " : "CREATE TABLE ");
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
			qname(b, q->schema ? q->schema : "public", q->name);
		}
		rt_buf_addch(b, ')');
	}
	if (t->partition_key)
		rt_buf_addf(b, " PARTITION BY %s", t->partition_key->text);
	end_stmt(b);
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

/* The part of a CREATE INDEX statement after the table name ("USING btree
 * (a) WHERE ..."), or NULL when def does not have the expected shape. */
static const char *index_tail(const char *def, bool *unique)
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

static void create_index(rt_buf *b, const rt_index *ix)
{
	bool unique;
	const char *tail = index_tail(ix->def->text, &unique);

	if (!tail) {
		rt_buf_adds(b, ix->def->text);
		end_stmt(b);
		return;
	}
	rt_buf_adds(b, unique || ix->unique ? "CREATE UNIQUE INDEX "
					    : "CREATE INDEX ");
	ident(b, ix->name);
	rt_buf_adds(b, " ON ");
	qname(b, ix->table.schema ? ix->table.schema : ix->schema,
	      ix->table.name);
	rt_buf_addch(b, ' ');
	rt_buf_adds(b, tail);
	/* drop a trailing semicolon the source may have kept */
	while (b->len &&
	       (b->data[b->len - 1] == ';' || b->data[b->len - 1] == ' ' ||
		b->data[b->len - 1] == '\n'))
		rt_buf_setlen(b, b->len - 1);
	end_stmt(b);
}

/* ---- types ---- */

/* The family of a built-in type for "is an assignment cast enough":
 * the name without its typmod, with the numeric and string types folded
 * together. */
static void type_family(char *out, size_t outsz, const char *name)
{
	static const char *const nums[] = {"smallint", "integer",
					   "bigint",   "numeric",
					   "real",     "double precision"};
	static const char *const strs[] = {"text", "character varying",
					   "character", "bpchar", "name"};
	size_t n = strcspn(name, "(");

	if (strstr(name, "[]")) {
		snprintf(out, outsz, "%s", name);
		return;
	}
	for (size_t i = 0; i < RT_ARRAY_LEN(nums); i++)
		if (strlen(nums[i]) == n && !strncmp(name, nums[i], n)) {
			snprintf(out, outsz, "num");
			return;
		}
	for (size_t i = 0; i < RT_ARRAY_LEN(strs); i++)
		if (strlen(strs[i]) == n && !strncmp(name, strs[i], n)) {
			snprintf(out, outsz, "str");
			return;
		}
	snprintf(out, outsz, "%.*s", (int)n, name);
}

static void alter_column_type(rt_buf *b, const rt_column *from,
			      const rt_column *to)
{
	bool same_type = rt_streq(from->type.schema, to->type.schema) &&
			 rt_streq(from->type.name, to->type.name);
	bool user = from->type.schema || to->type.schema;
	bool using = false;
	bool defaults = !same_type && (from->default_expr || to->default_expr);

	if (!same_type && user) {
		using = true;
	} else if (!same_type) {
		char f1[128], f2[128];
		type_family(f1, sizeof(f1), from->type.name);
		type_family(f2, sizeof(f2), to->type.name);
		using = strcmp(f1, f2) != 0;
	}
	/* a default of the old type may not cast: take it off around the
	 * retype and put the new one back (diff leaves the default to us
	 * whenever the type changes) */
	if (defaults) {
		alter_column(b, from);
		rt_buf_adds(b, "DROP DEFAULT");
		end_stmt(b);
	}
	alter_column(b, to);
	rt_buf_adds(b, "TYPE ");
	type_name(b, to->type);
	if (to->collation.name) {
		rt_buf_adds(b, " COLLATE ");
		qname(b, to->collation.schema, to->collation.name);
	}
	if (using) {
		rt_buf_adds(b, " USING ");
		ident(b, to->name);
		if (user)
			rt_buf_adds(b, strstr(to->type.name, "[]") ? "::text[]"
								   : "::text");
		rt_buf_adds(b, "::");
		type_name(b, to->type);
	}
	end_stmt(b);
	if (defaults && to->default_expr && !to->identity && !to->generated) {
		alter_column(b, to);
		rt_buf_addf(b, "SET DEFAULT %s", to->default_expr->text);
		end_stmt(b);
	}
}

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
	end_stmt(b);
}

static void drop_type(rt_buf *b, const char *schema, const char *name)
{
	rt_buf_adds(b, "DROP TYPE ");
	qname(b, schema, name);
	end_stmt(b);
}

static const rt_column *use_after(const rt_change *ch, size_t i)
{
	return i < ch->uses_after.len ? ch->uses_after.items[i] : NULL;
}

static bool is_enum_array(const rt_column *c, const rt_enum *e)
{
	size_t n = strlen(e->name);
	return c && rt_streq(c->type.schema, e->schema) &&
	       strncmp(c->type.name, e->name, n) == 0 &&
	       strcmp(c->type.name + n, "[]") == 0;
}

/* Drops the defaults of the columns of a replace (the old default may not
 * cast to the new type); set_defaults puts uses_after's back. */
static void drop_defaults(rt_buf *b, const rt_change *ch)
{
	for (size_t i = 0; i < ch->uses.len; i++) {
		const rt_column *c = ch->uses.items[i], *t = use_after(ch, i);
		if (!c->default_expr && !(t && t->default_expr))
			continue;
		alter_column(b, c);
		rt_buf_adds(b, "DROP DEFAULT");
		end_stmt(b);
	}
}

static void set_defaults(rt_buf *b, const rt_change *ch)
{
	for (size_t i = 0; i < ch->uses.len; i++) {
		const rt_column *t = use_after(ch, i);
		if (!t || !t->default_expr || t->identity || t->generated)
			continue;
		alter_column(b, t);
		rt_buf_addf(b, "SET DEFAULT %s", t->default_expr->text);
		end_stmt(b);
	}
}

static void replace_enum(rt_buf *b, const rt_change *ch)
{
	const rt_enum *from = ch->before, *to = ch->after;
	rt_buf old = RT_BUF_INIT;

	if (!ch->uses.len) {
		drop_type(b, from->schema, from->name);
		enum_labels(b, to);
		if (to->comment) {
			rt_buf_adds(b, "COMMENT ON TYPE ");
			qname(b, to->schema, to->name);
			rt_buf_adds(b, " IS ");
			rt_buf_add_literal(b, PG, to->comment);
			end_stmt(b);
		}
		return;
	}
	rt_buf_addf(&old, "%s__retort_old", from->name);
	drop_defaults(b, ch);
	rt_buf_adds(b, "ALTER TYPE ");
	qname(b, from->schema, from->name);
	rt_buf_adds(b, " RENAME TO ");
	ident(b, old.data);
	end_stmt(b);
	enum_labels(b, to);
	/* the new type starts without the old one's comment */
	if (to->comment) {
		rt_buf_adds(b, "COMMENT ON TYPE ");
		qname(b, to->schema, to->name);
		rt_buf_adds(b, " IS ");
		rt_buf_add_literal(b, PG, to->comment);
		end_stmt(b);
	}
	for (size_t i = 0; i < ch->uses.len; i++) {
		const rt_column *c = ch->uses.items[i];
		bool arr = is_enum_array(c, from) ||
			   is_enum_array(use_after(ch, i), from);
		alter_column(b, c);
		rt_buf_adds(b, "TYPE ");
		qname(b, to->schema, to->name);
		rt_buf_adds(b, arr ? "[] USING " : " USING ");
		ident(b, c->name);
		rt_buf_adds(b, arr ? "::text[]::" : "::text::");
		qname(b, to->schema, to->name);
		if (arr)
			rt_buf_adds(b, "[]");
		end_stmt(b);
	}
	set_defaults(b, ch);
	drop_type(b, from->schema, old.data);
	rt_buf_release(&old);
}

static void create_collation(rt_buf *b, const rt_collation *c);

static bool has_collation(const rt_column *c, const rt_collation *k)
{
	return c && rt_streq(c->collation.name, k->name);
}

static void replace_collation(rt_buf *b, const rt_change *ch)
{
	const rt_collation *from = ch->before, *to = ch->after;
	rt_buf old = RT_BUF_INIT;

	rt_buf_addf(&old, "%s__retort_old", from->name);
	rt_buf_adds(b, "ALTER COLLATION ");
	qname(b, from->schema, from->name);
	rt_buf_adds(b, " RENAME TO ");
	ident(b, old.data);
	end_stmt(b);
	create_collation(b, to);
	if (to->comment) {
		rt_buf_adds(b, "COMMENT ON COLLATION ");
		qname(b, to->schema, to->name);
		rt_buf_adds(b, " IS ");
		rt_buf_add_literal(b, PG, to->comment);
		end_stmt(b);
	}
	for (size_t i = 0; i < ch->uses.len; i++) {
		/* the column as it is when the change runs: the one that
		 * still has this collation */
		const rt_column *c = ch->uses.items[i], *t = use_after(ch, i);
		const rt_column *cur = has_collation(c, from) || !t ? c : t;
		alter_column(b, c);
		rt_buf_adds(b, "TYPE ");
		type_name(b, cur->type);
		rt_buf_adds(b, " COLLATE ");
		qname(b, to->schema, to->name);
		end_stmt(b);
	}
	rt_buf_adds(b, "DROP COLLATION ");
	qname(b, from->schema, old.data);
	end_stmt(b);
	rt_buf_release(&old);
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
		qname(b,
		      s->owned_by_table.schema ? s->owned_by_table.schema
					       : "public",
		      s->owned_by_table.name);
		rt_buf_addch(b, '.');
		ident(b, s->owned_by_column);
	}
	end_stmt(b);
}

/* ---- extensions, collations ---- */

/* Compares dotted version strings numerically ("1.10" > "1.9"). */
static int version_cmp(const char *x, const char *y)
{
	while (*x || *y) {
		if (*x >= '0' && *x <= '9' && *y >= '0' && *y <= '9') {
			char *ex, *ey;
			unsigned long long a = strtoull(x, &ex, 10);
			unsigned long long c = strtoull(y, &ey, 10);
			if (a != c)
				return a < c ? -1 : 1;
			x = ex;
			y = ey;
			continue;
		}
		if (*x != *y)
			return (unsigned char)*x < (unsigned char)*y ? -1 : 1;
		x++;
		y++;
	}
	return 0;
}

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
	end_stmt(b);
}

static void drop_extension(rt_buf *b, const rt_extension *e)
{
	rt_buf_adds(b, "DROP EXTENSION ");
	ident(b, e->name);
	end_stmt(b);
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
	end_stmt(b);
}

/* ---- comments ---- */

static int comment_on(rt_buf *b, const rt_change *ch, rt_error *err)
{
	const void *o = ch->after ? ch->after : ch->before;
	const char *text = NULL;

	rt_buf_adds(b, "COMMENT ON ");
	switch (ch->obj) {
	case RT_OBJ_NAMESPACE: {
		const rt_namespace *n = o;
		rt_buf_adds(b, "SCHEMA ");
		ident(b, n->name);
		text = ch->after ? n->comment : NULL;
		break;
	}
	case RT_OBJ_COLLATION: {
		const rt_collation *c = o;
		rt_buf_adds(b, "COLLATION ");
		qname(b, c->schema, c->name);
		text = ch->after ? c->comment : NULL;
		break;
	}
	case RT_OBJ_ENUM: {
		const rt_enum *e = o;
		rt_buf_adds(b, "TYPE ");
		qname(b, e->schema, e->name);
		text = ch->after ? e->comment : NULL;
		break;
	}
	case RT_OBJ_SEQUENCE: {
		const rt_sequence *s = o;
		rt_buf_adds(b, "SEQUENCE ");
		qname(b, s->schema, s->name);
		text = ch->after ? s->comment : NULL;
		break;
	}
	case RT_OBJ_TABLE: {
		const rt_table *t = o;
		rt_buf_adds(b, "TABLE ");
		qname(b, t->schema, t->name);
		text = ch->after ? t->comment : NULL;
		break;
	}
	case RT_OBJ_COLUMN: {
		const rt_column *c = o;
		rt_buf_adds(b, "COLUMN ");
		qname(b, c->table->schema, c->table->name);
		rt_buf_addch(b, '.');
		ident(b, c->name);
		text = ch->after ? c->comment : NULL;
		break;
	}
	case RT_OBJ_CONSTRAINT: {
		const rt_constraint *k = o;
		rt_buf_adds(b, "CONSTRAINT ");
		ident(b, k->name);
		rt_buf_adds(b, " ON ");
		qname(b, k->table->schema, k->table->name);
		text = ch->after ? k->comment : NULL;
		break;
	}
	case RT_OBJ_INDEX: {
		const rt_index *ix = o;
		rt_buf_adds(b, "INDEX ");
		qname(b, ix->schema, ix->name);
		text = ch->after ? ix->comment : NULL;
		break;
	}
	default:
		return rt_errorf(err, RT_EINTERNAL,
				 "cannot render a comment on object kind %d",
				 (int)ch->obj);
	}
	rt_buf_adds(b, " IS ");
	if (text)
		rt_buf_add_literal(b, PG, text);
	else
		rt_buf_adds(b, "NULL");
	end_stmt(b);
	return 0;
}

static void unmanaged(rt_buf *b, const rt_change *ch)
{
	const rt_unmanaged *u = ch->after ? ch->after : ch->before;

	rt_buf_adds(b, "-- retort: ");
	for (const char *p = u->what; *p; p++)
		rt_buf_addch(b, *p == '\n' || *p == '\r' ? ' ' : *p);
	rt_buf_adds(b, ch->after ? " exists only in the target"
				 : " exists only in the source");
	rt_buf_adds(b, " and is not managed by retort: not migrated\n");
}

/* ---- one change ---- */

static int render_change(rt_buf *b, const rt_change *ch, rt_error *err)
{
	const rt_column *fc = ch->before, *tc = ch->after;

	switch (ch->kind) {
	case RT_CH_CREATE_SCHEMA:
		rt_buf_adds(b, "CREATE SCHEMA ");
		ident(b, ((const rt_namespace *)ch->after)->name);
		end_stmt(b);
		break;
	case RT_CH_DROP_SCHEMA:
		rt_buf_adds(b, "DROP SCHEMA ");
		ident(b, ((const rt_namespace *)ch->before)->name);
		end_stmt(b);
		break;
	case RT_CH_CREATE_EXTENSION:
		create_extension(b, ch->after);
		break;
	case RT_CH_DROP_EXTENSION:
		drop_extension(b, ch->before);
		break;
	case RT_CH_ALTER_EXTENSION_VERSION: {
		const rt_extension *f = ch->before, *t = ch->after;
		bool moved =
		    f->schema && t->schema && strcmp(f->schema, t->schema) != 0;
		bool versions = f->version && t->version &&
				strcmp(f->version, t->version) != 0;
		if (versions && version_cmp(t->version, f->version) < 0) {
			/* no downgrade scripts: drop and create */
			drop_extension(b, f);
			create_extension(b, t);
			break;
		}
		if (moved) {
			rt_buf_adds(b, "ALTER EXTENSION ");
			ident(b, t->name);
			rt_buf_adds(b, " SET SCHEMA ");
			ident(b, t->schema);
			end_stmt(b);
		}
		if (versions) {
			rt_buf_adds(b, "ALTER EXTENSION ");
			ident(b, t->name);
			rt_buf_adds(b, " UPDATE TO ");
			rt_buf_add_literal(b, PG, t->version);
			end_stmt(b);
		}
		break;
	}
	case RT_CH_CREATE_COLLATION:
		create_collation(b, ch->after);
		break;
	case RT_CH_REPLACE_COLLATION:
		replace_collation(b, ch);
		break;
	case RT_CH_DROP_COLLATION: {
		const rt_collation *c = ch->before;
		rt_buf_adds(b, "DROP COLLATION ");
		qname(b, c->schema, c->name);
		end_stmt(b);
		break;
	}
	case RT_CH_CREATE_ENUM:
		enum_labels(b, ch->after);
		break;
	case RT_CH_DROP_ENUM: {
		const rt_enum *e = ch->before;
		drop_type(b, e->schema, e->name);
		break;
	}
	case RT_CH_ADD_ENUM_VALUE: {
		const rt_enum *e = ch->after;
		rt_buf_adds(b, "ALTER TYPE ");
		qname(b, e->schema, e->name);
		rt_buf_adds(b, " ADD VALUE ");
		rt_buf_add_literal(b, PG, ch->label);
		if (ch->neighbour) {
			rt_buf_adds(b, ch->neighbour_after ? " AFTER "
							   : " BEFORE ");
			rt_buf_add_literal(b, PG, ch->neighbour);
		}
		end_stmt(b);
		break;
	}
	case RT_CH_REPLACE_ENUM:
		replace_enum(b, ch);
		break;
	case RT_CH_CREATE_SEQUENCE: {
		const rt_sequence *s = ch->after;
		rt_buf_adds(b, "CREATE SEQUENCE ");
		qname(b, s->schema, s->name);
		sequence_options(b, s, NULL);
		end_stmt(b);
		break;
	}
	case RT_CH_DROP_SEQUENCE: {
		const rt_sequence *s = ch->before;
		rt_buf_adds(b, "DROP SEQUENCE ");
		qname(b, s->schema, s->name);
		end_stmt(b);
		break;
	}
	case RT_CH_ALTER_SEQUENCE: {
		const rt_sequence *s = ch->after;
		rt_buf_adds(b, "ALTER SEQUENCE ");
		qname(b, s->schema, s->name);
		sequence_options(b, s, ch->before);
		end_stmt(b);
		break;
	}
	case RT_CH_ALTER_SEQUENCE_OWNER:
		sequence_owner(b, ch->after);
		break;
	case RT_CH_CREATE_TABLE:
		create_table(b, ch->after);
		break;
	case RT_CH_DROP_TABLE: {
		const rt_table *t = ch->before;
		rt_buf_adds(b, "DROP TABLE ");
		qname(b, t->schema, t->name);
		end_stmt(b);
		break;
	}
	case RT_CH_ADD_COLUMN:
		alter_table(b, tc->table);
		rt_buf_adds(b, "ADD COLUMN ");
		column_def(b, tc);
		end_stmt(b);
		break;
	case RT_CH_DROP_COLUMN:
		alter_table(b, fc->table);
		rt_buf_adds(b, "DROP COLUMN ");
		ident(b, fc->name);
		end_stmt(b);
		break;
	case RT_CH_ALTER_COLUMN_TYPE:
		alter_column_type(b, fc, tc);
		break;
	case RT_CH_SET_DEFAULT:
		alter_column(b, tc);
		rt_buf_addf(b, "SET DEFAULT %s", tc->default_expr->text);
		end_stmt(b);
		break;
	case RT_CH_DROP_DEFAULT:
		alter_column(b, tc);
		rt_buf_adds(b, "DROP DEFAULT");
		end_stmt(b);
		break;
	case RT_CH_SET_NOT_NULL:
		alter_column(b, tc);
		rt_buf_adds(b, "SET NOT NULL");
		end_stmt(b);
		break;
	case RT_CH_DROP_NOT_NULL:
		alter_column(b, tc);
		rt_buf_adds(b, "DROP NOT NULL");
		end_stmt(b);
		break;
	case RT_CH_ADD_IDENTITY:
		alter_column(b, tc);
		rt_buf_addf(b, "ADD GENERATED %s AS IDENTITY",
			    identity_words(tc->identity));
		end_stmt(b);
		break;
	case RT_CH_DROP_IDENTITY:
		alter_column(b, tc);
		rt_buf_adds(b, "DROP IDENTITY");
		end_stmt(b);
		break;
	case RT_CH_ALTER_IDENTITY:
		alter_column(b, tc);
		rt_buf_addf(b, "SET GENERATED %s",
			    identity_words(tc->identity));
		end_stmt(b);
		break;
	case RT_CH_DROP_EXPRESSION:
		alter_column(b, tc);
		rt_buf_adds(b, "DROP EXPRESSION");
		end_stmt(b);
		break;
	case RT_CH_ADD_CONSTRAINT: {
		const rt_constraint *k = ch->after;
		alter_table(b, k->table);
		rt_buf_adds(b, "ADD ");
		constraint_def(b, k);
		end_stmt(b);
		break;
	}
	case RT_CH_DROP_CONSTRAINT: {
		const rt_constraint *k = ch->before;
		alter_table(b, k->table);
		rt_buf_adds(b, "DROP CONSTRAINT ");
		ident(b, k->name);
		end_stmt(b);
		break;
	}
	case RT_CH_CREATE_INDEX:
		create_index(b, ch->after);
		break;
	case RT_CH_DROP_INDEX: {
		const rt_index *ix = ch->before;
		rt_buf_adds(b, "DROP INDEX ");
		qname(b, ix->schema, ix->name);
		end_stmt(b);
		break;
	}
	case RT_CH_ATTACH_PARTITION: {
		const rt_table *t = ch->after;
		rt_buf_adds(b, "ALTER TABLE ");
		qname(b, ch->parent.schema ? ch->parent.schema : "public",
		      ch->parent.name);
		rt_buf_adds(b, " ATTACH PARTITION ");
		qname(b, t->schema, t->name);
		rt_buf_addf(b, " %s",
			    t->partition_bound ? t->partition_bound->text
					       : "DEFAULT");
		end_stmt(b);
		break;
	}
	case RT_CH_DETACH_PARTITION: {
		const rt_table *t = ch->before;
		rt_buf_adds(b, "ALTER TABLE ");
		qname(b, ch->parent.schema ? ch->parent.schema : "public",
		      ch->parent.name);
		rt_buf_adds(b, " DETACH PARTITION ");
		qname(b, t->schema, t->name);
		end_stmt(b);
		break;
	}
	case RT_CH_ADD_INHERIT:
	case RT_CH_DROP_INHERIT: {
		const rt_table *t = ch->after ? ch->after : ch->before;
		alter_table(b, t);
		rt_buf_adds(b, ch->kind == RT_CH_ADD_INHERIT ? "INHERIT "
							     : "NO INHERIT ");
		qname(b, ch->parent.schema ? ch->parent.schema : "public",
		      ch->parent.name);
		end_stmt(b);
		break;
	}
	case RT_CH_SET_PERSISTENCE: {
		const rt_table *t = ch->after;
		alter_table(b, t);
		rt_buf_adds(b, t->unlogged ? "SET UNLOGGED" : "SET LOGGED");
		end_stmt(b);
		break;
	}
	case RT_CH_SET_COMMENT:
		return comment_on(b, ch, err);
	case RT_CH_UNMANAGED:
		unmanaged(b, ch);
		break;
	case RT_CH__COUNT: /* no default: a new kind must be handled */
		break;
	}
	if ((unsigned)ch->kind >= RT_CH__COUNT)
		return rt_errorf(err, RT_EINTERNAL,
				 "cannot render change kind %d", (int)ch->kind);
	return 0;
}

int rt_render_pg(rt_buf *out, const rt_vec *changes, rt_error *err)
{
	for (size_t i = 0; i < changes->len; i++) {
		if (i)
			rt_buf_addch(out, '\n');
		if (render_change(out, changes->items[i], err) < 0)
			return -1;
	}
	return 0;
}

int rt_render_schema_pg(rt_buf *out, rt_arena *a, const rt_schema *s,
			rt_error *err)
{
	rt_schema *empty = rt_schema_new(a);
	rt_vec changes = {0};

	/* every database has "public": inspect does not create it */
	if (rt_schema_find_namespace(s, "public")) {
		rt_namespace *pub = RT_NEW(a, rt_namespace);
		pub->name = "public";
		rt_vec_push(&empty->namespaces, a, pub);
	}
	if (rt_diff(&changes, a, empty, s, err) < 0)
		return -1;
	return rt_render_pg(out, &changes, err);
}
