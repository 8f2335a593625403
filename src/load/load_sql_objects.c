/* SPDX-License-Identifier: MIT */
/*
 * SQL loader: sequences, enums, extensions, collations, schemas, DROP,
 * COMMENT, and the names of objects the model does not cover.
 */
#include "base/common.h"
#include "base/buf.h"
#include "base/sql.h"
#include "load/load_sql_int.h"
#include "schema/canon.h"

/* ---- sequences -------------------------------------------------------- */

static int seq_options(ld *l, rt_sequence *q, Node **opts, size_t n,
		       bool create)
{
	bool has_min = false, has_max = false, has_start = false;
	const char *old_type = q->type;
	int64_t old_min = q->min, old_max = q->max;
	for (size_t i = 0; i < n; i++) {
		PgQuery__DefElem *d = opts[i]->def_elem;
		const char *k = d->defname;
		if (strcmp(k, "as") == 0) {
			rt_type ty;
			if (rt_load__resolve_type(l, d->arg->type_name, &ty,
						  NULL) < 0)
				return -1;
			if (ty.schema || (strcmp(ty.name, "smallint") != 0 &&
					  strcmp(ty.name, "integer") != 0 &&
					  strcmp(ty.name, "bigint") != 0))
				return rt_load__fail(
				    l, "sequence type must be "
				       "smallint, integer, or bigint");
			q->type = ty.name;
		} else if (strcmp(k, "increment") == 0) {
			if (rt_load__defarg_int64(l, d->arg, &q->increment) < 0)
				return -1;
			if (q->increment == 0)
				return rt_load__fail(
				    l, "INCREMENT must not be zero");
		} else if (strcmp(k, "minvalue") == 0) {
			has_min = d->arg != NULL;
			if (d->arg &&
			    rt_load__defarg_int64(l, d->arg, &q->min) < 0)
				return -1;
			if (!d->arg)
				has_min = false, q->min = INT64_MIN + 1;
		} else if (strcmp(k, "maxvalue") == 0) {
			has_max = d->arg != NULL;
			if (d->arg &&
			    rt_load__defarg_int64(l, d->arg, &q->max) < 0)
				return -1;
			if (!d->arg)
				q->max = INT64_MIN + 1;
		} else if (strcmp(k, "start") == 0) {
			has_start = true;
			if (rt_load__defarg_int64(l, d->arg, &q->start) < 0)
				return -1;
		} else if (strcmp(k, "cache") == 0) {
			if (rt_load__defarg_int64(l, d->arg, &q->cache) < 0)
				return -1;
		} else if (strcmp(k, "cycle") == 0) {
			q->cycle = rt_load__defarg_bool(l, d->arg, true);
		} else if (strcmp(k, "owned_by") == 0) {
			PgQuery__List *lst = d->arg->list;
			if (lst->n_items == 1 && str_of(lst->items[0]) &&
			    strcmp(str_of(lst->items[0]), "none") == 0) {
				q->owned_by_table.schema = NULL;
				q->owned_by_table.name = NULL;
				q->owned_by_column = NULL;
				continue;
			}
			if (lst->n_items < 2)
				return rt_load__fail(l,
						     "invalid OWNED BY option");
			rt_qname tq = rt_load__names_qname(l, lst->items,
							   lst->n_items - 1);
			tq.schema =
			    rt_load__schema(l, tq.schema, tq.name, LOOK_REL);
			rt_table *t =
			    rt_schema_find_table(l->s, tq.schema, tq.name);
			const char *col = str_of(lst->items[lst->n_items - 1]);
			if (!t)
				return rt_load__fail(
				    l, "relation '%s.%s' does not exist",
				    tq.schema, tq.name);
			if (rt_load__need_column(l, t, col, "") < 0)
				return -1;
			if (strcmp(t->schema, q->schema) != 0)
				return rt_load__fail(
				    l, "sequence must be in same "
				       "schema as table it is linked "
				       "to");
			q->owned_by_table.schema = t->schema;
			q->owned_by_table.name = t->name;
			q->owned_by_column = rt_arena_strdup(l->a, col);
		}
		/* restart, sequence_name, logged: no model state */
	}
	/* defaults (and NO MINVALUE / NO MAXVALUE, marked INT64_MIN + 1) */
	bool asc = q->increment > 0;
	if (create) {
		if (!has_min || q->min == INT64_MIN + 1)
			q->min = asc ? 1 : rt_load__type_min(q->type);
		if (!has_max || q->max == INT64_MIN + 1)
			q->max = asc ? rt_load__type_max(q->type) : -1;
		if (!has_start)
			q->start = asc ? q->min : q->max;
	} else {
		if (q->min == INT64_MIN + 1)
			q->min = asc ? 1 : rt_load__type_min(q->type);
		else if (!has_min && strcmp(old_type, q->type) != 0 &&
			 old_min == rt_load__type_min(old_type))
			q->min = rt_load__type_min(q->type);
		if (q->max == INT64_MIN + 1)
			q->max = asc ? rt_load__type_max(q->type) : -1;
		else if (!has_max && strcmp(old_type, q->type) != 0 &&
			 old_max == rt_load__type_max(old_type))
			q->max = rt_load__type_max(q->type);
	}
	if (q->min >= q->max)
		return rt_load__fail(
		    l,
		    "MINVALUE (%lld) must be less than MAXVALUE "
		    "(%lld)",
		    (long long)q->min, (long long)q->max);
	if (q->start < q->min || q->start > q->max)
		return rt_load__fail(l, "START value (%lld) is out of range",
				     (long long)q->start);
	if (q->cache < 1)
		return rt_load__fail(l,
				     "CACHE (%lld) must be greater than zero",
				     (long long)q->cache);
	return 0;
}

rt_sequence *rt_load__find_identity_seq(ld *l, const char *schema,
					const char *name)
{
	for (size_t i = 0; i < l->s->tables.len; i++) {
		rt_table *t = l->s->tables.items[i];
		for (size_t j = 0; j < t->columns.len; j++) {
			rt_column *c = t->columns.items[j];
			if (c->identity && c->id_seq &&
			    rt_streq(c->id_seq->schema, schema) &&
			    rt_streq(c->id_seq->name, name))
				return c->id_seq;
		}
	}
	return NULL;
}

/* Identity column col's sequence options (GENERATED ... AS IDENTITY (...),
 * ADD GENERATED, SET / RESTART): create gives it a new sequence with the
 * defaults first; SEQUENCE NAME names it. */
int rt_load__identity_options(ld *l, rt_column *col, Node **opts, size_t n,
			      bool create)
{
	rt_sequence *q = col->id_seq;
	if (create || !q)
		q = rt_schema_identity_seq(l->s, col);
	for (size_t i = 0; i < n; i++) {
		PgQuery__DefElem *d = opts[i]->def_elem;
		if (strcmp(d->defname, "sequence_name") == 0 && d->arg &&
		    d->arg->node_case == PG_QUERY__NODE__NODE_LIST) {
			PgQuery__List *lst = d->arg->list;
			rt_qname sq =
			    rt_load__names_qname(l, lst->items, lst->n_items);
			q->schema = sq.schema ? sq.schema : col->table->schema;
			q->name = sq.name;
		}
	}
	return seq_options(l, q, opts, n, create);
}

int rt_load__create_sequence(ld *l, PgQuery__CreateSeqStmt *st)
{
	rt_qname q = rt_load__rv_new_qname(l, st->sequence);
	if (rt_load__need_namespace(l, q.schema) < 0)
		return -1;
	if (rt_schema_relname_taken(l->s, q.schema, q.name)) {
		if (st->if_not_exists)
			return 0;
		return rt_load__fail(l, "relation '%s.%s' already exists",
				     q.schema, q.name);
	}
	rt_sequence *seq = rt_load__sequence_new(l->s, q.schema, q.name, NULL);
	seq->src_line = rt_load__src_line(l);
	return seq_options(l, seq, st->options, st->n_options, true);
}

int rt_load__alter_sequence(ld *l, PgQuery__AlterSeqStmt *st)
{
	rt_qname q = rt_load__rv_qname(l, st->sequence);
	rt_sequence *seq = rt_schema_find_sequence(l->s, q.schema, q.name);
	if (!seq)
		seq = rt_load__find_identity_seq(l, q.schema, q.name);
	if (!seq) {
		if (st->missing_ok)
			return 0;
		return rt_load__fail(l, "relation '%s.%s' does not exist",
				     q.schema, q.name);
	}
	return seq_options(l, seq, st->options, st->n_options, false);
}

/* After a sequence got a new schema or name: defaults that call it. */
void rt_load__sequence_renamed(ld *l, const char *old_schema,
			       const char *old_name, rt_sequence *q)
{
	const char *old = rt_load__nextval_text(l->s, old_schema, old_name);
	const char *old2 = rt_arena_printf(
	    l->scratch, "nextval('%s.%s'::regclass)", old_schema, old_name);
	for (size_t i = 0; i < l->s->tables.len; i++) {
		rt_table *t = l->s->tables.items[i];
		for (size_t j = 0; j < t->columns.len; j++) {
			rt_column *c = t->columns.items[j];
			if (!c->default_expr ||
			    (strcmp(c->default_expr->text, old) != 0 &&
			     strcmp(c->default_expr->text, old2) != 0))
				continue;
			rt_expr *e;
			if (rt_load__make_expr(l, &e,
					       rt_load__nextval_text(
						   l->s, q->schema, q->name)) <
			    0) {
				rt_error_clear(l->err);
				continue;
			}
			c->default_expr = e;
		}
	}
}

/* ---- enums, extensions, collations, schemas --------------------------- */

int rt_load__create_enum(ld *l, PgQuery__CreateEnumStmt *st)
{
	rt_qname q = rt_load__names_qname(l, st->type_name, st->n_type_name);
	q.schema = rt_load__schema(l, q.schema, NULL, LOOK_NEW);
	if (rt_load__need_namespace(l, q.schema) < 0)
		return -1;
	if (rt_schema_find_enum(l->s, q.schema, q.name))
		return rt_load__fail(l, "type '%s.%s' already exists", q.schema,
				     q.name);
	rt_enum *e = RT_NEW(l->a, rt_enum);
	e->schema = q.schema;
	e->name = q.name;
	e->src_line = rt_load__src_line(l);
	for (size_t i = 0; i < st->n_vals; i++) {
		const char *v = str_of(st->vals[i]);
		if (rt_load__vec_has(&e->labels, v))
			return rt_load__fail(
			    l, "enum label '%s' used more than once", v);
		rt_vec_push(&e->labels, l->a, rt_arena_strdup(l->a, v));
	}
	rt_schema_add(l->s, RT_KIND_ENUM, &e->obj);
	return 0;
}

int rt_load__alter_enum(ld *l, PgQuery__AlterEnumStmt *st)
{
	rt_qname q = rt_load__names_qname(l, st->type_name, st->n_type_name);
	q.schema = rt_load__schema(l, q.schema, q.name, LOOK_TYPE);
	rt_enum *e = rt_schema_find_enum(l->s, q.schema, q.name);
	if (!e)
		return rt_load__fail(l, "type '%s.%s' does not exist", q.schema,
				     q.name);
	if (!empty(st->old_val)) {
		for (size_t i = 0; i < e->labels.len; i++) {
			if (strcmp(e->labels.items[i], st->old_val) == 0) {
				if (rt_load__vec_has(&e->labels, st->new_val))
					return rt_load__fail(l,
							     "enum label '%s' "
							     "already exists",
							     st->new_val);
				e->labels.items[i] =
				    rt_arena_strdup(l->a, st->new_val);
				return 0;
			}
		}
		return rt_load__fail(l, "'%s' is not an existing enum label",
				     st->old_val);
	}
	if (rt_load__vec_has(&e->labels, st->new_val)) {
		if (st->skip_if_new_val_exists)
			return 0;
		return rt_load__fail(l, "enum label '%s' already exists",
				     st->new_val);
	}
	size_t at = e->labels.len;
	if (!empty(st->new_val_neighbor)) {
		size_t i;
		for (i = 0; i < e->labels.len; i++)
			if (strcmp(e->labels.items[i], st->new_val_neighbor) ==
			    0)
				break;
		if (i == e->labels.len)
			return rt_load__fail(
			    l, "'%s' is not an existing enum label",
			    st->new_val_neighbor);
		at = st->new_val_is_after ? i + 1 : i;
	}
	rt_vec_insert(&e->labels, l->a, at, rt_arena_strdup(l->a, st->new_val));
	return 0;
}

int rt_load__create_extension(ld *l, PgQuery__CreateExtensionStmt *st)
{
	if (rt_schema_find_extension(l->s, st->extname)) {
		if (st->if_not_exists)
			return 0;
		return rt_load__fail(l, "extension '%s' already exists",
				     st->extname);
	}
	rt_extension *x = RT_NEW(l->a, rt_extension);
	x->name = rt_arena_strdup(l->a, st->extname);
	x->schema = "public";
	x->src_line = rt_load__src_line(l);
	for (size_t i = 0; i < st->n_options; i++) {
		PgQuery__DefElem *d = st->options[i]->def_elem;
		if (strcmp(d->defname, "schema") == 0)
			x->schema = rt_arena_strdup(
			    l->a, rt_load__defarg_str(l, d->arg));
		else if (strcmp(d->defname, "new_version") == 0)
			x->version = rt_arena_strdup(
			    l->a, rt_load__defarg_str(l, d->arg));
	}
	if (rt_load__need_namespace(l, x->schema) < 0)
		return -1;
	rt_schema_add(l->s, RT_KIND_EXTENSION, &x->obj);
	return 0;
}

int rt_load__alter_extension(ld *l, PgQuery__AlterExtensionStmt *st)
{
	rt_extension *x = rt_schema_find_extension(l->s, st->extname);
	if (!x)
		return rt_load__fail(l, "extension '%s' does not exist",
				     st->extname);
	for (size_t i = 0; i < st->n_options; i++) {
		PgQuery__DefElem *d = st->options[i]->def_elem;
		if (strcmp(d->defname, "new_version") == 0)
			x->version = rt_arena_strdup(
			    l->a, rt_load__defarg_str(l, d->arg));
	}
	return 0;
}

int rt_load__create_collation(ld *l, PgQuery__DefineStmt *st)
{
	rt_qname q = rt_load__names_qname(l, st->defnames, st->n_defnames);
	q.schema = rt_load__schema(l, q.schema, NULL, LOOK_NEW);
	if (rt_load__need_namespace(l, q.schema) < 0)
		return -1;
	if (rt_schema_find_collation(l->s, q.schema, q.name)) {
		if (st->if_not_exists)
			return 0;
		return rt_load__fail(l, "collation '%s' already exists",
				     q.name);
	}
	rt_collation *c = RT_NEW(l->a, rt_collation);
	const char *locale = NULL, *lc_collate = NULL, *lc_ctype = NULL;
	const char *provider = NULL;
	c->schema = q.schema;
	c->name = q.name;
	c->deterministic = true;
	c->src_line = rt_load__src_line(l);
	for (size_t i = 0; i < st->n_definition; i++) {
		PgQuery__DefElem *d = st->definition[i]->def_elem;
		const char *k = d->defname;
		if (strcmp(k, "from") == 0) {
			rt_qname f = rt_load__list_qname(l, d->arg);
			rt_collation *src = rt_schema_find_collation(
			    l->s,
			    rt_load__schema(l, f.schema, f.name, LOOK_COLL),
			    f.name);
			if (src) {
				const char *schema = c->schema, *name = c->name;
				*c = *src;
				rt_object_reset(&c->obj, NULL);
				c->schema = schema;
				c->name = name;
				c->comment = NULL;
				c->src_line = rt_load__src_line(l);
			} else if (strcmp(f.name, "C") == 0 ||
				   strcmp(f.name, "POSIX") == 0) {
				c->provider = 'c';
				c->lc_collate = c->lc_ctype =
				    rt_arena_strdup(l->a, f.name);
			} else {
				return rt_load__fail(l,
						     "collation '%s' not known "
						     "statically",
						     f.name);
			}
			rt_schema_add(l->s, RT_KIND_COLLATION, &c->obj);
			return 0;
		}
		const char *v = rt_load__defarg_str(l, d->arg);
		if (strcmp(k, "provider") == 0)
			provider = v;
		else if (strcmp(k, "locale") == 0)
			locale = v;
		else if (strcmp(k, "lc_collate") == 0)
			lc_collate = v;
		else if (strcmp(k, "lc_ctype") == 0)
			lc_ctype = v;
		else if (strcmp(k, "deterministic") == 0)
			c->deterministic =
			    rt_load__defarg_bool(l, d->arg, true);
	}
	if (provider && strcmp(provider, "icu") == 0) {
		c->provider = 'i';
		c->lc_collate = c->lc_ctype = rt_arena_strdup(l->a, locale);
	} else {
		c->provider = 'c';
		c->lc_collate =
		    rt_arena_strdup(l->a, lc_collate ? lc_collate : locale);
		c->lc_ctype =
		    rt_arena_strdup(l->a, lc_ctype ? lc_ctype : locale);
	}
	if (!c->lc_collate && !c->lc_ctype)
		return rt_load__fail(l, "parameter 'locale' must be specified");
	rt_schema_add(l->s, RT_KIND_COLLATION, &c->obj);
	return 0;
}

rt_namespace *rt_load__add_namespace(ld *l, const char *name)
{
	rt_namespace *n = RT_NEW(l->a, rt_namespace);
	n->name = rt_arena_strdup(l->a, name);
	n->src_line = rt_load__src_line(l);
	rt_schema_add(l->s, RT_KIND_NAMESPACE, &n->obj);
	return n;
}

int rt_load__create_schema(ld *l, PgQuery__CreateSchemaStmt *st)
{
	const char *name = st->schemaname;
	if (empty(name) && st->authrole)
		name = st->authrole->rolename; /* AUTHORIZATION joe */
	if (empty(name))
		return rt_load__fail(l, "schema name missing");
	if (rt_schema_find_namespace(l->s, name)) {
		if (st->if_not_exists)
			return 0;
		return rt_load__fail(l, "schema '%s' already exists", name);
	}
	rt_load__schema_owner(l, rt_load__add_namespace(l, name), st->authrole);
	return 0;
}

/* ---- DROP ------------------------------------------------------------- */

/* Forgets the unmanaged objects that live on table t: triggers, policies,
 * rules, row level security, privileges. */
static void forget_objects_on(ld *l, const char *schema, const char *name)
{
	const char *on = rt_arena_printf(l->scratch, " on %s.%s", schema, name);
	const char *on_table =
	    rt_arena_printf(l->scratch, " on table %s.%s", schema, name);
	const char *on_column =
	    rt_arena_printf(l->scratch, " on column %s.%s.", schema, name);
	rt_vec *v = &l->s->unmanaged;
	for (size_t i = 0; i < v->len;) {
		rt_unmanaged *u = v->items[i];
		size_t len = strlen(u->what), n = strlen(on),
		       nt = strlen(on_table);
		if ((len > n && strcmp(u->what + len - n, on) == 0) ||
		    (len > nt && strcmp(u->what + len - nt, on_table) == 0) ||
		    strstr(u->what, on_column))
			rt_vec_remove(v, i);
		else
			i++;
	}
}

/* Drops t; CASCADE also drops inheriting children and foreign keys that
 * point at it. Partitions always go with their parent. */
static int drop_table(ld *l, rt_table *t, bool cascade)
{
	rt_vec kids = {0}, fks = {0};
	rt_load__children(l->s, t, &kids);
	for (size_t i = 0; i < kids.len; i++) {
		rt_table *k = kids.items[i];
		if (k->partition_of.name || cascade) {
			if (drop_table(l, k, cascade) < 0)
				return -1;
			continue;
		}
		/* a child that inherits from other parents too keeps going */
		return rt_load__fail(
		    l,
		    "cannot drop table '%s.%s' because other objects "
		    "depend on it",
		    t->schema, t->name);
	}
	rt_load__referencing_fks(l->s, t, NULL, &fks);
	for (size_t i = 0; i < fks.len; i++) {
		rt_constraint *c = fks.items[i];
		if (c->table == t)
			continue;
		if (!cascade)
			return rt_load__fail(
			    l,
			    "cannot drop table '%s.%s' because "
			    "other objects depend on it",
			    t->schema, t->name);
		rt_load__drop_constraint(l->s, c);
	}
	forget_objects_on(l, t->schema, t->name);
	rt_load__drop_triggers_on(l, &t->obj);
	rt_load__drop_policies_on(l, t);
	rt_load__drop_table(l->s, t);
	return 0;
}

/* The constraint that owns index name in schema, if any. */
rt_constraint *rt_load__index_constraint(ld *l, const char *schema,
					 const char *name)
{
	for (size_t i = 0; i < l->s->tables.len; i++) {
		rt_table *t = l->s->tables.items[i];
		if (strcmp(t->schema, schema) != 0)
			continue;
		rt_constraint *c = rt_table_find_constraint(t, name);
		if (c &&
		    (c->type == RT_CON_PRIMARY || c->type == RT_CON_UNIQUE ||
		     c->type == RT_CON_EXCLUDE))
			return c;
	}
	return NULL;
}

const char *rt_load__objtype_word(PgQuery__ObjectType o)
{
	switch (o) {
	case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
		return "view";
	case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW:
		return "materialized view";
	case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION:
		return "function";
	case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE:
		return "procedure";
	case PG_QUERY__OBJECT_TYPE__OBJECT_AGGREGATE:
		return "aggregate";
	case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN:
		return "domain";
	case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
		return "type";
	case PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_TABLE:
		return "foreign table";
	case PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER:
		return "trigger";
	case PG_QUERY__OBJECT_TYPE__OBJECT_POLICY:
		return "policy";
	case PG_QUERY__OBJECT_TYPE__OBJECT_RULE:
		return "rule";
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
		return "table";
	case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
		return "sequence";
	case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA:
		return "schema";
	case PG_QUERY__OBJECT_TYPE__OBJECT_EVENT_TRIGGER:
		return "event trigger";
	case PG_QUERY__OBJECT_TYPE__OBJECT_PUBLICATION:
		return "publication";
	case PG_QUERY__OBJECT_TYPE__OBJECT_STATISTIC_EXT:
		return "statistics";
	case PG_QUERY__OBJECT_TYPE__OBJECT_FDW:
		return "foreign data wrapper";
	case PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_SERVER:
		return "server";
	default:
		return "object";
	}
}

/* "(integer, text[])" for a list of TypeName nodes */
const char *rt_load__args_text(ld *l, Node **args, size_t n)
{
	rt_buf b = RT_BUF_INIT;
	rt_buf_addch(&b, '(');
	for (size_t i = 0; i < n; i++) {
		if (i)
			rt_buf_adds(&b, ", ");
		if (args[i]->node_case == PG_QUERY__NODE__NODE_TYPE_NAME)
			rt_buf_adds(&b,
				    rt_load__type_text(l, args[i]->type_name));
		else if (args[i]->node_case ==
			 PG_QUERY__NODE__NODE_FUNCTION_PARAMETER)
			rt_buf_adds(
			    &b, rt_load__type_text(
				    l, args[i]->function_parameter->arg_type));
	}
	rt_buf_addch(&b, ')');
	return rt_buf_detach_arena(&b, l->scratch);
}

/* Columns of type e (or e[]): an error without CASCADE, dropped with. */
static int drop_enum_columns(ld *l, const rt_enum *e, bool cascade)
{
	const char *arr = rt_arena_printf(l->scratch, "%s[]", e->name);
	for (size_t i = 0; i < l->s->tables.len; i++) {
		rt_table *t = l->s->tables.items[i];
		for (size_t j = 0; j < t->columns.len;) {
			rt_column *c = t->columns.items[j];
			if (!c->type.schema ||
			    strcmp(c->type.schema, e->schema) != 0 ||
			    (strcmp(c->type.name, e->name) != 0 &&
			     strcmp(c->type.name, arr) != 0)) {
				j++;
				continue;
			}
			if (!cascade)
				return rt_load__fail(
				    l,
				    "cannot drop type '%s.%s' because other "
				    "objects depend on it",
				    e->schema, e->name);
			if (c->is_local && c->inhcount == 0) {
				if (rt_load__drop_column(l, t, c->name, true,
							 true, false) < 0)
					return -1;
			} else {
				j++; /* goes with its parent's column */
			}
		}
	}
	return 0;
}

static int drop_one(ld *l, PgQuery__DropStmt *st, Node *obj)
{
	bool cascade = st->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
	PgQuery__ObjectType o = st->remove_type;
	switch (o) {
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
	case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE: {
		rt_qname q = rt_load__list_qname(l, obj);
		const char *schema =
		    rt_load__schema(l, q.schema, q.name, LOOK_REL);
		if (o == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE) {
			rt_table *t =
			    rt_schema_find_table(l->s, schema, q.name);
			if (t)
				return drop_table(l, t, cascade);
		} else if (o == PG_QUERY__OBJECT_TYPE__OBJECT_INDEX) {
			rt_index *ix =
			    rt_schema_find_index(l->s, schema, q.name);
			if (ix) {
				rt_schema_remove(l->s, &ix->obj);
				return 0;
			}
			if (rt_load__index_constraint(l, schema, q.name))
				return rt_load__fail(
				    l,
				    "cannot drop index '%s.%s' "
				    "because constraint '%s' "
				    "requires it",
				    schema, q.name, q.name);
		} else {
			rt_sequence *seq =
			    rt_schema_find_sequence(l->s, schema, q.name);
			if (seq) {
				rt_schema_remove(l->s, &seq->obj);
				return 0;
			}
		}
		if (st->missing_ok)
			return 0;
		return rt_load__fail(l, "relation '%s.%s' does not exist",
				     schema, q.name);
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN: {
		PgQuery__TypeName *tn = obj->type_name;
		rt_qname q = rt_load__names_qname(l, tn->names, tn->n_names);
		const char *schema =
		    rt_load__schema(l, q.schema, q.name, LOOK_TYPE);
		rt_enum *e = rt_schema_find_enum(l->s, schema, q.name);
		int dropped = rt_load__drop_user_type(
		    l, schema, q.name,
		    o == PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN, cascade);
		if (dropped != 0)
			return dropped < 0 ? -1 : 0;
		if (e) {
			if (drop_enum_columns(l, e, cascade) < 0)
				return -1;
			rt_schema_remove(l->s, &e->obj);
			return 0;
		}
		const char *what =
		    rt_arena_printf(l->scratch, "%s %s.%s",
				    rt_load__objtype_word(o), schema, q.name);
		size_t before = l->s->unmanaged.len;
		rt_load__unmanaged_drop(l, what, false);
		if (before != l->s->unmanaged.len || st->missing_ok)
			return 0;
		return rt_load__fail(l, "type '%s.%s' does not exist", schema,
				     q.name);
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA: {
		const char *name = str_of(obj);
		rt_namespace *n = rt_schema_find_namespace(l->s, name);
		if (!n) {
			if (st->missing_ok)
				return 0;
			return rt_load__fail(l, "schema '%s' does not exist",
					     name);
		}
		for (size_t i = 0; i < l->s->tables.len;) {
			rt_table *t = l->s->tables.items[i];
			if (strcmp(t->schema, name) != 0) {
				i++;
				continue;
			}
			if (!cascade)
				return rt_load__fail(
				    l,
				    "cannot drop schema '%s' because "
				    "other objects depend on it",
				    name);
			if (drop_table(l, t, true) < 0)
				return -1;
			i = 0;
		}
		if (rt_load__types_schema_dropped(l, name, cascade) < 0 ||
		    rt_load__drop_schema_functions(l, name, cascade) < 0)
			return -1;
		rt_vec *lists[] = {&l->s->enums, &l->s->sequences,
				   &l->s->collations};
		for (size_t k = 0; k < RT_ARRAY_LEN(lists); k++) {
			for (size_t i = 0; i < lists[k]->len;) {
				rt_object *ob = lists[k]->items[i];
				if (strcmp(ob->schema, name) == 0) {
					if (!cascade)
						return rt_load__fail(
						    l,
						    "cannot drop "
						    "schema '%s' "
						    "because other "
						    "objects depend "
						    "on it",
						    name);
					rt_schema_remove(l->s, ob);
				} else {
					i++;
				}
			}
		}
		rt_schema_remove(l->s, &n->obj);
		return 0;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_EXTENSION: {
		rt_extension *x = rt_schema_find_extension(l->s, str_of(obj));
		if (x) {
			rt_schema_remove(l->s, &x->obj);
			return 0;
		}
		if (st->missing_ok)
			return 0;
		return rt_load__fail(l, "extension '%s' does not exist",
				     str_of(obj));
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_COLLATION: {
		rt_qname q = rt_load__list_qname(l, obj);
		rt_collation *c = rt_schema_find_collation(
		    l->s, rt_load__schema(l, q.schema, q.name, LOOK_COLL),
		    q.name);
		if (c) {
			rt_schema_remove(l->s, &c->obj);
			return 0;
		}
		if (st->missing_ok)
			return 0;
		return rt_load__fail(l, "collation '%s' does not exist",
				     q.name);
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION:
	case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE:
		return rt_load__drop_function(l, obj->object_with_args,
					      st->missing_ok, cascade);
	case PG_QUERY__OBJECT_TYPE__OBJECT_AGGREGATE: {
		PgQuery__ObjectWithArgs *f = obj->object_with_args;
		rt_qname q = rt_load__names_qname(l, f->objname, f->n_objname);
		rt_load__unmanaged_drop(
		    l,
		    rt_arena_printf(
			l->scratch, "aggregate %s.%s(",
			rt_load__schema(l, q.schema, NULL, LOOK_NEW), q.name),
		    true);
		return 0;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER:
		return rt_load__drop_trigger(l, obj, st->missing_ok);
	case PG_QUERY__OBJECT_TYPE__OBJECT_POLICY:
		return rt_load__drop_policy(l, obj, st->missing_ok);
	case PG_QUERY__OBJECT_TYPE__OBJECT_RULE: {
		PgQuery__List *lst = obj->list;
		if (o == PG_QUERY__OBJECT_TYPE__OBJECT_RULE &&
		    rt_load__drop_rule(l, obj))
			return 0;
		if (lst->n_items < 2)
			return 0;
		rt_qname t =
		    rt_load__names_qname(l, lst->items, lst->n_items - 1);
		rt_load__unmanaged_drop(
		    l,
		    rt_arena_printf(
			l->scratch, "%s %s on %s.%s", rt_load__objtype_word(o),
			str_of(lst->items[lst->n_items - 1]),
			rt_load__schema(l, t.schema, t.name, LOOK_REL), t.name),
		    false);
		return 0;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
	case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW:
		return rt_load__drop_view(
		    l, rt_load__list_qname(l, obj),
		    o == PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW, st->missing_ok);
	case PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_TABLE: {
		rt_qname q = rt_load__list_qname(l, obj);
		const char *schema =
		    rt_load__schema(l, q.schema, q.name, LOOK_REL);
		forget_objects_on(l, schema, q.name);
		rt_load__unmanaged_drop(
		    l,
		    rt_arena_printf(l->scratch, "%s %s.%s",
				    rt_load__objtype_word(o), schema, q.name),
		    false);
		return 0;
	}
	default: {
		/* schema objects (statistics) and database-wide ones
		 * (publications, servers, event triggers) */
		rt_qname q = rt_load__list_qname(l, obj);
		if (!q.name)
			return 0;
		rt_load__unmanaged_drop(
		    l,
		    rt_arena_printf(l->scratch, "%s %s",
				    rt_load__objtype_word(o), q.name),
		    false);
		rt_load__unmanaged_drop(
		    l,
		    rt_arena_printf(
			l->scratch, "%s %s.%s", rt_load__objtype_word(o),
			rt_load__schema(l, q.schema, NULL, LOOK_NEW), q.name),
		    false);
		return 0;
	}
	}
}

int rt_load__drop_stmt(ld *l, PgQuery__DropStmt *st)
{
	for (size_t i = 0; i < st->n_objects; i++)
		if (drop_one(l, st, st->objects[i]) < 0)
			return -1;
	return 0;
}

/* ---- COMMENT ---------------------------------------------------------- */

int rt_load__comment_stmt(ld *l, PgQuery__CommentStmt *st)
{
	const char *text =
	    nz(st->comment) ? rt_arena_strdup(l->a, st->comment) : NULL;
	Node *obj = st->object;
	switch (st->objtype) {
	case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA: {
		rt_namespace *n = rt_schema_find_namespace(l->s, str_of(obj));
		if (!n)
			return rt_load__fail(l, "schema '%s' does not exist",
					     str_of(obj));
		n->comment = text;
		return 0;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_POLICY:
		return rt_load__comment_policy(l, obj, text);
	case PG_QUERY__OBJECT_TYPE__OBJECT_EXTENSION:
		if (!rt_schema_find_extension(l->s, str_of(obj)))
			return rt_load__fail(l, "extension '%s' does not exist",
					     str_of(obj));
		return 0; /* the model keeps no extension comment */
	case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
	case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW: {
		rt_qname q = rt_load__list_qname(l, obj);
		const char *schema =
		    rt_load__schema(l, q.schema, q.name, LOOK_REL);
		rt_view *v = rt_schema_find_view(l->s, schema, q.name);
		if (!v)
			return rt_load__fail(l,
					     "relation '%s.%s' does not exist",
					     schema, q.name);
		v->comment = text;
		return 0;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
	case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE: {
		rt_qname q = rt_load__list_qname(l, obj);
		const char *schema =
		    rt_load__schema(l, q.schema, q.name, LOOK_REL);
		if (st->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE) {
			rt_table *t =
			    rt_schema_find_table(l->s, schema, q.name);
			if (t) {
				t->comment = text;
				return 0;
			}
		} else if (st->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_INDEX) {
			rt_index *ix =
			    rt_schema_find_index(l->s, schema, q.name);
			if (ix) {
				ix->comment = text;
				return 0;
			}
			if (rt_load__index_constraint(l, schema, q.name))
				return 0; /* the constraint's index */
		} else {
			rt_sequence *seq =
			    rt_schema_find_sequence(l->s, schema, q.name);
			if (seq) {
				seq->comment = text;
				return 0;
			}
		}
		return rt_load__fail(l, "relation '%s.%s' does not exist",
				     schema, q.name);
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN: {
		PgQuery__List *lst = obj->list;
		if (lst->n_items < 2)
			return rt_load__fail(l,
					     "column name must be qualified");
		rt_qname q =
		    rt_load__names_qname(l, lst->items, lst->n_items - 1);
		const char *schema =
		    rt_load__schema(l, q.schema, q.name, LOOK_REL);
		const char *cn = str_of(lst->items[lst->n_items - 1]);
		rt_table *t = rt_schema_find_table(l->s, schema, q.name);
		if (!t) {
			rt_load__unmanaged(
			    l, rt_arena_printf(l->scratch,
					       "comment on column %s.%s.%s",
					       schema, q.name, cn));
			return 0;
		}
		rt_column *c = rt_table_find_column(t, cn);
		if (!c)
			return rt_load__fail(
			    l,
			    "column '%s' of relation '%s' does not "
			    "exist",
			    cn, t->name);
		c->comment = text;
		return 0;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABCONSTRAINT: {
		PgQuery__List *lst = obj->list;
		rt_qname q =
		    rt_load__names_qname(l, lst->items, lst->n_items - 1);
		const char *schema =
		    rt_load__schema(l, q.schema, q.name, LOOK_REL);
		const char *cn = str_of(lst->items[lst->n_items - 1]);
		rt_table *t = rt_schema_find_table(l->s, schema, q.name);
		if (!t)
			return rt_load__fail(l,
					     "relation '%s.%s' does not exist",
					     schema, q.name);
		rt_constraint *c = rt_table_find_constraint(t, cn);
		if (!c)
			return rt_load__fail(
			    l,
			    "constraint '%s' for table '%s' does "
			    "not exist",
			    cn, t->name);
		c->comment = text;
		return 0;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN:
	case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE: {
		PgQuery__TypeName *tn = obj->type_name;
		rt_qname q = rt_load__names_qname(l, tn->names, tn->n_names);
		const char *ts =
		    rt_load__schema(l, q.schema, q.name, LOOK_TYPE);
		rt_enum *e = rt_schema_find_enum(l->s, ts, q.name);
		if (e) {
			e->comment = text;
			return 0;
		}
		if (rt_load__comment_user_type(l, ts, q.name, text))
			return 0;
		break;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_RULE:
		rt_load__comment_rule(l, obj, text);
		return 0;
	case PG_QUERY__OBJECT_TYPE__OBJECT_COLLATION: {
		rt_qname q = rt_load__list_qname(l, obj);
		rt_collation *c = rt_schema_find_collation(
		    l->s, rt_load__schema(l, q.schema, q.name, LOOK_COLL),
		    q.name);
		if (c) {
			c->comment = text;
			return 0;
		}
		break;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION:
	case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE:
		return rt_load__comment_function(l, obj->object_with_args,
						 text);
	case PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER:
		return rt_load__comment_trigger(l, obj, text);
	default:
		break;
	}
	/* a comment on an object the model does not cover: that object is
	 * reported as unmanaged already */
	return 0;
}

/* ---- objects the model does not cover --------------------------------- */

const char *rt_load__rv_text(ld *l, const PgQuery__RangeVar *rv)
{
	return rt_arena_printf(
	    l->scratch, "%s.%s",
	    rt_load__schema(l, rv->schemaname, rv->relname, LOOK_REL),
	    rv->relname);
}

const char *rt_load__names_text(ld *l, Node **items, size_t n)
{
	rt_qname q = rt_load__names_qname(l, items, n);
	return rt_arena_printf(l->scratch, "%s.%s",
			       rt_load__schema(l, q.schema, NULL, LOOK_NEW),
			       q.name);
}

/* "function s.f(INOUT a integer, b text)" when named, else
 * "function s.f(integer, text)": the input arguments only, as PostgreSQL
 * identifies a function. */
static const char *function_signature(ld *l, PgQuery__CreateFunctionStmt *f,
				      bool named)
{
	rt_buf b = RT_BUF_INIT;
	bool first = true;
	rt_buf_addf(&b, "%s %s(", f->is_procedure ? "procedure" : "function",
		    rt_load__names_text(l, f->funcname, f->n_funcname));
	for (size_t i = 0; i < f->n_parameters; i++) {
		PgQuery__FunctionParameter *p =
		    f->parameters[i]->function_parameter;
		if (p->mode ==
			PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_OUT ||
		    p->mode ==
			PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_TABLE)
			continue;
		if (!first)
			rt_buf_adds(&b, ", ");
		first = false;
		if (named) {
			if (p->mode ==
			    PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_INOUT)
				rt_buf_adds(&b, "INOUT ");
			else if (
			    p->mode ==
			    PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_VARIADIC)
				rt_buf_adds(&b, "VARIADIC ");
			if (!empty(p->name))
				rt_buf_addf(&b, "%s ", p->name);
		}
		rt_buf_adds(&b, rt_load__type_text(l, p->arg_type));
	}
	rt_buf_addch(&b, ')');
	return rt_buf_detach_arena(&b, l->scratch);
}

const char *rt_load__function_what(ld *l, PgQuery__CreateFunctionStmt *f)
{
	return function_signature(l, f, true);
}

/* "statement INSERT", "statement CREATE CAST": the statement's first
 * words. */
const char *rt_load__statement_what(ld *l)
{
	rt_buf b = RT_BUF_INIT;
	const char *p = l->text + l->loc;
	int words = 0;
	rt_buf_adds(&b, "statement");
	while (words < 2) {
		size_t n = 0;
		while (p[n] && ((p[n] >= 'a' && p[n] <= 'z') ||
				(p[n] >= 'A' && p[n] <= 'Z') || p[n] == '_'))
			n++;
		if (n == 0)
			break;
		rt_buf_addch(&b, ' ');
		for (size_t i = 0; i < n; i++)
			rt_buf_addch(&b, (char)(p[i] >= 'a' && p[i] <= 'z'
						    ? p[i] - 32
						    : p[i]));
		words++;
		bool more = (n == 6 && (strncasecmp(p, "create", 6) == 0 ||
					strncasecmp(p, "alter ", 6) == 0)) ||
			    (n == 4 && strncasecmp(p, "drop", 4) == 0) ||
			    (n == 5 && strncasecmp(p, "alter", 5) == 0);
		if (!more)
			break;
		p += n;
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
	}
	return rt_buf_detach_arena(&b, l->scratch);
}

/* true for a SELECT with no effect on the schema: constants, set_config()
 * and setval() calls (pg_dump emits them). */
bool rt_load__is_config_select(const PgQuery__SelectStmt *s)
{
	if (s->n_from_clause || s->n_target_list == 0)
		return false;
	for (size_t i = 0; i < s->n_target_list; i++) {
		const PgQuery__ResTarget *rt = s->target_list[i]->res_target;
		if (rt->val &&
		    rt->val->node_case == PG_QUERY__NODE__NODE_A_CONST)
			continue; /* SELECT 1: no effect */
		if (!rt->val ||
		    rt->val->node_case != PG_QUERY__NODE__NODE_FUNC_CALL)
			return false;
		const PgQuery__FuncCall *f = rt->val->func_call;
		const char *fn = str_of(f->funcname[f->n_funcname - 1]);
		if (!fn || (strcmp(fn, "set_config") != 0 &&
			    strcmp(fn, "setval") != 0))
			return false;
	}
	return true;
}

/* true when rv names a relation the model keeps out of tables (a
 * sequence, an index, an unmanaged view). */
bool rt_load__other_relation(ld *l, const PgQuery__RangeVar *rv)
{
	const char *schema =
	    rt_load__schema(l, rv->schemaname, rv->relname, LOOK_REL);
	if (rt_schema_find_sequence(l->s, schema, rv->relname) ||
	    rt_schema_find_index(l->s, schema, rv->relname) ||
	    rt_schema_find_view(l->s, schema, rv->relname))
		return true;
	const char *kinds[] = {"view", "materialized view", "foreign table",
			       "table"};
	for (size_t k = 0; k < RT_ARRAY_LEN(kinds); k++) {
		const char *what = rt_arena_printf(
		    l->scratch, "%s %s.%s", kinds[k], schema, rv->relname);
		for (size_t i = 0; i < l->s->unmanaged.len; i++) {
			rt_unmanaged *u = l->s->unmanaged.items[i];
			if (strcmp(u->what, what) == 0)
				return true;
		}
	}
	return false;
}
