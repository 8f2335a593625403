/* SPDX-License-Identifier: MIT */
/*
 * `retort inspect --json`: the rt_schema model as JSON (jansson). Keys come
 * in the model's field order and lists in the model's sorted order, so the
 * bytes are the same on every run. Absent values are null, never omitted,
 * so consumers see one shape.
 */
#include "base/common.h"
#include "cli/cmd.h"

#include <jansson.h>

static json_t *str(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *expr(const rt_expr *e)
{
	return e && e->text ? json_string(e->text) : json_null();
}

static json_t *strvec(const rt_vec *v)
{
	json_t *a = json_array();
	for (size_t i = 0; i < v->len; i++)
		json_array_append_new(a, str(v->items[i]));
	return a;
}

static json_t *qname(const rt_qname *q)
{
	json_t *o;
	if (!q->name)
		return json_null();
	o = json_object();
	json_object_set_new(o, "schema", str(q->schema));
	json_object_set_new(o, "name", str(q->name));
	return o;
}

static const char *contype_name(rt_contype t)
{
	switch (t) {
	case RT_CON_PRIMARY:
		return "primary_key";
	case RT_CON_UNIQUE:
		return "unique";
	case RT_CON_FOREIGN:
		return "foreign_key";
	case RT_CON_CHECK:
		return "check";
	case RT_CON_EXCLUDE:
		return "exclude";
	}
	return "unknown";
}

static const char *fk_action(char c)
{
	switch (c) {
	case 'a':
		return "no action";
	case 'r':
		return "restrict";
	case 'c':
		return "cascade";
	case 'n':
		return "set null";
	case 'd':
		return "set default";
	}
	return NULL;
}

static json_t *column(const rt_column *c)
{
	json_t *o = json_object();
	json_t *t = json_object();
	json_object_set_new(o, "name", str(c->name));
	json_object_set_new(t, "schema", str(c->type.schema));
	json_object_set_new(t, "name", str(c->type.name));
	json_object_set_new(o, "type", t);
	json_object_set_new(o, "collation", qname(&c->collation));
	json_object_set_new(o, "not_null", json_boolean(c->not_null));
	json_object_set_new(o, "default", expr(c->default_expr));
	json_object_set_new(o, "generated", expr(c->generated));
	json_object_set_new(
	    o, "identity",
	    c->identity == RT_IDENTITY_ALWAYS	    ? json_string("always")
	    : c->identity == RT_IDENTITY_BY_DEFAULT ? json_string("by default")
						    : json_null());
	json_object_set_new(o, "is_local", json_boolean(c->is_local));
	json_object_set_new(o, "inhcount", json_integer(c->inhcount));
	json_object_set_new(o, "comment", str(c->comment));
	return o;
}

static json_t *constraint(const rt_constraint *c)
{
	json_t *o = json_object();
	json_object_set_new(o, "name", str(c->name));
	json_object_set_new(o, "type", json_string(contype_name(c->type)));
	json_object_set_new(o, "columns", strvec(&c->columns));
	if (c->type == RT_CON_PRIMARY || c->type == RT_CON_UNIQUE)
		json_object_set_new(o, "include", strvec(&c->include));
	if (c->type == RT_CON_UNIQUE)
		json_object_set_new(o, "nulls_not_distinct",
				    json_boolean(c->nulls_not_distinct));
	if (c->type == RT_CON_FOREIGN) {
		json_object_set_new(o, "ref_table", qname(&c->ref_table));
		json_object_set_new(o, "ref_columns", strvec(&c->ref_columns));
		json_object_set_new(o, "on_update",
				    str(fk_action(c->on_update)));
		json_object_set_new(o, "on_delete",
				    str(fk_action(c->on_delete)));
		json_object_set_new(o, "match",
				    str(c->match == 'f'	  ? "full"
					: c->match == 'p' ? "partial"
					: c->match	  ? "simple"
							  : NULL));
	}
	if (c->type == RT_CON_CHECK || c->type == RT_CON_EXCLUDE)
		json_object_set_new(o, "expr", expr(c->expr));
	if (c->type == RT_CON_CHECK)
		json_object_set_new(o, "no_inherit",
				    json_boolean(c->no_inherit));
	json_object_set_new(o, "deferrable", json_boolean(c->deferrable));
	json_object_set_new(o, "initially_deferred",
			    json_boolean(c->initially_deferred));
	json_object_set_new(o, "not_valid", json_boolean(c->not_valid));
	json_object_set_new(o, "is_local", json_boolean(c->is_local));
	json_object_set_new(o, "comment", str(c->comment));
	return o;
}

static json_t *table(const rt_table *t)
{
	json_t *o = json_object();
	json_t *a;
	json_object_set_new(o, "schema", str(t->schema));
	json_object_set_new(o, "name", str(t->name));
	json_object_set_new(o, "kind",
			    json_string(t->kind == RT_REL_PARTITIONED
					    ? "partitioned"
					    : "table"));
	json_object_set_new(o, "unlogged", json_boolean(t->unlogged));
	a = json_array();
	for (size_t i = 0; i < t->columns.len; i++)
		json_array_append_new(a, column(t->columns.items[i]));
	json_object_set_new(o, "columns", a);
	a = json_array();
	for (size_t i = 0; i < t->constraints.len; i++)
		json_array_append_new(a, constraint(t->constraints.items[i]));
	json_object_set_new(o, "constraints", a);
	a = json_array();
	for (size_t i = 0; i < t->inherits.len; i++)
		json_array_append_new(a, qname(t->inherits.items[i]));
	json_object_set_new(o, "inherits", a);
	json_object_set_new(o, "partition_key", expr(t->partition_key));
	json_object_set_new(o, "partition_of", qname(&t->partition_of));
	json_object_set_new(o, "partition_bound", expr(t->partition_bound));
	json_object_set_new(o, "comment", str(t->comment));
	return o;
}

static json_t *index_json(const rt_index *x)
{
	json_t *o = json_object();
	json_object_set_new(o, "schema", str(x->schema));
	json_object_set_new(o, "name", str(x->name));
	json_object_set_new(o, "table", qname(&x->table));
	json_object_set_new(o, "unique", json_boolean(x->unique));
	json_object_set_new(o, "definition", expr(x->def));
	json_object_set_new(o, "comment", str(x->comment));
	return o;
}

static json_t *enum_json(const rt_enum *e)
{
	json_t *o = json_object();
	json_object_set_new(o, "schema", str(e->schema));
	json_object_set_new(o, "name", str(e->name));
	json_object_set_new(o, "labels", strvec(&e->labels));
	json_object_set_new(o, "comment", str(e->comment));
	return o;
}

static json_t *sequence(const rt_sequence *q)
{
	json_t *o = json_object();
	json_object_set_new(o, "schema", str(q->schema));
	json_object_set_new(o, "name", str(q->name));
	json_object_set_new(o, "type", str(q->type));
	json_object_set_new(o, "start", json_integer(q->start));
	json_object_set_new(o, "increment", json_integer(q->increment));
	json_object_set_new(o, "min", json_integer(q->min));
	json_object_set_new(o, "max", json_integer(q->max));
	json_object_set_new(o, "cache", json_integer(q->cache));
	json_object_set_new(o, "cycle", json_boolean(q->cycle));
	if (q->owned_by_table.name) {
		json_t *ob = json_object();
		json_object_set_new(ob, "schema",
				    str(q->owned_by_table.schema));
		json_object_set_new(ob, "table", str(q->owned_by_table.name));
		json_object_set_new(ob, "column", str(q->owned_by_column));
		json_object_set_new(o, "owned_by", ob);
	} else {
		json_object_set_new(o, "owned_by", json_null());
	}
	json_object_set_new(o, "comment", str(q->comment));
	return o;
}

static json_t *extension(const rt_extension *e)
{
	json_t *o = json_object();
	json_object_set_new(o, "name", str(e->name));
	json_object_set_new(o, "schema", str(e->schema));
	json_object_set_new(o, "version", str(e->version));
	return o;
}

static json_t *collation(const rt_collation *c)
{
	json_t *o = json_object();
	json_object_set_new(o, "schema", str(c->schema));
	json_object_set_new(o, "name", str(c->name));
	json_object_set_new(o, "provider",
			    str(c->provider == 'i'   ? "icu"
				: c->provider == 'c' ? "libc"
						     : "default"));
	json_object_set_new(o, "lc_collate", str(c->lc_collate));
	json_object_set_new(o, "lc_ctype", str(c->lc_ctype));
	json_object_set_new(o, "deterministic", json_boolean(c->deterministic));
	json_object_set_new(o, "comment", str(c->comment));
	return o;
}

static json_t *namespace_json(const rt_namespace *n)
{
	json_t *o = json_object();
	json_object_set_new(o, "name", str(n->name));
	json_object_set_new(o, "comment", str(n->comment));
	return o;
}

static json_t *unmanaged(const rt_unmanaged *u)
{
	json_t *o = json_object();
	json_object_set_new(o, "what", str(u->what));
	json_object_set_new(o, "file", str(u->file));
	json_object_set_new(o, "line",
			    u->line > 0 ? json_integer(u->line) : json_null());
	return o;
}

#define LIST(obj, key, vec, fn)                                                \
	do {                                                                   \
		json_t *a_ = json_array();                                     \
		for (size_t i_ = 0; i_ < (vec).len; i_++)                      \
			json_array_append_new(a_, fn((vec).items[i_]));        \
		json_object_set_new((obj), (key), a_);                         \
	} while (0)

void rt_cli_schema_json(rt_buf *out, const rt_schema *s)
{
	json_t *root = json_object();
	char *text;

	json_object_set_new(root, "source", str(s->source));
	LIST(root, "namespaces", s->namespaces, namespace_json);
	LIST(root, "extensions", s->extensions, extension);
	LIST(root, "collations", s->collations, collation);
	LIST(root, "enums", s->enums, enum_json);
	LIST(root, "sequences", s->sequences, sequence);
	LIST(root, "tables", s->tables, table);
	LIST(root, "indexes", s->indexes, index_json);
	LIST(root, "unmanaged", s->unmanaged, unmanaged);

	text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (!text) {
		fputs("retort: out of memory\n", stderr);
		abort();
	}
	rt_buf_adds(out, text);
	rt_buf_addch(out, '\n');
	free(text);
	json_decref(root);
}
