/* SPDX-License-Identifier: MIT */
/*
 * SQL loader: ALTER TABLE subcommands (columns, constraints, inheritance,
 * partitions), renames and SET SCHEMA, keeping references consistent.
 */
#include "base/common.h"
#include "base/buf.h"
#include "base/sql.h"
#include "load/load_sql_int.h"
#include "schema/canon.h"

/* ---- renames and SET SCHEMA ------------------------------------------- */

/* Re-deparses every expression and index of t after a column rename. */
static void rename_column_refs(ld *l, rt_table *t, const char *old,
			       const char *new_name)
{
	renamer r = {old, new_name, NULL, NULL, NULL, NULL};
	for (size_t i = 0; i < t->constraints.len; i++) {
		rt_constraint *c = t->constraints.items[i];
		if (c->type == RT_CON_CHECK)
			rt_load__rename_expr(l, c->expr, &r, false,
					     rt_canon_expr);
	}
	for (size_t i = 0; i < t->columns.len; i++) {
		rt_column *c = t->columns.items[i];
		rt_load__rename_expr(l, c->generated, &r, false, rt_canon_expr);
	}
	for (size_t i = 0; i < l->s->indexes.len; i++) {
		rt_index *ix = l->s->indexes.items[i];
		if (strcmp(ix->table.name, t->name) == 0 &&
		    strcmp(ix->table.schema, t->schema) == 0)
			rt_load__index_redef(l, ix, &r);
	}
	rt_load__policies_follow(l, t, &r);
	rt_load__column_renamed(l->s, t, old, new_name);
	rt_load__rules_column_renamed(l, t, old, new_name);
	rt_load__views_follow(l, t, t->schema, t->name, old, new_name);
}

static int rename_column(ld *l, rt_table *t, const char *old,
			 const char *new_name, bool recurse)
{
	rt_column *c = rt_table_find_column(t, old);
	if (!c)
		return rt_load__fail(l, "column '%s' does not exist", old);
	if (rt_table_find_column(t, new_name))
		return rt_load__fail(
		    l, "column '%s' of relation '%s' already exists", new_name,
		    t->name);
	c->name = rt_arena_strdup(l->a, new_name);
	rename_column_refs(l, t, old, c->name);
	if (rt_load__triggers_follow(l, &t->obj, old, c->name) < 0)
		return -1;
	if (recurse) {
		rt_vec kids = {0};
		rt_load__children(l->s, t, &kids);
		for (size_t i = 0; i < kids.len; i++)
			if (rename_column(l, kids.items[i], old, new_name,
					  true) < 0)
				return -1;
	}
	return 0;
}

/* Gives table t a new schema and/or name and fixes what refers to it. */
static void move_table(ld *l, rt_table *t, const char *schema, const char *name)
{
	const char *old_schema = t->schema, *old_name = t->name;
	rt_schema_rename(l->s, &t->obj, rt_arena_strdup(l->a, schema),
			 rt_arena_strdup(l->a, name));
	rt_load__table_renamed(l->s, old_schema, old_name, t);
	rt_load__rules_table_renamed(l, old_schema, old_name, t);
	if (rt_load__triggers_follow(l, &t->obj, NULL, NULL) < 0)
		rt_error_clear(l->err); /* the old text stays */
	rt_load__policies_follow(l, t, NULL);
	rt_load__views_follow(l, t, old_schema, old_name, NULL, NULL);
	for (size_t i = 0; i < l->s->indexes.len; i++) {
		rt_index *ix = l->s->indexes.items[i];
		if (ix->table.name == t->name)
			rt_load__index_redef(l, ix, NULL);
	}
	if (strcmp(old_schema, schema) != 0) {
		/* owned sequences follow their table */
		for (size_t i = 0; i < l->s->sequences.len; i++) {
			rt_sequence *q = l->s->sequences.items[i];
			if (q->owned_by_table.name != t->name)
				continue;
			const char *os = q->schema;
			rt_schema_rename(l->s, &q->obj, t->schema, q->name);
			rt_load__sequence_renamed(l, os, q->name, q);
		}
	}
}

/* Renames an unmanaged view, materialized view or foreign table (and
 * what is recorded on it); false when there is none. */
static bool rename_unmanaged_relation(ld *l, const char *schema,
				      const char *old, const char *new_name)
{
	static const char *const kinds[] = {"view", "materialized view",
					    "foreign table", "table"};
	const char *on = rt_arena_printf(l->scratch, " on %s.%s", schema, old);
	bool found = false;
	for (size_t i = 0; i < l->s->unmanaged.len; i++) {
		rt_unmanaged *u = l->s->unmanaged.items[i];
		size_t len = strlen(u->what), n = strlen(on);
		for (size_t k = 0; k < RT_ARRAY_LEN(kinds); k++) {
			const char *w = rt_arena_printf(l->scratch, "%s %s.%s",
							kinds[k], schema, old);
			if (strcmp(u->what, w) == 0) {
				u->what =
				    rt_arena_printf(l->a, "%s %s.%s", kinds[k],
						    schema, new_name);
				found = true;
			}
		}
		if (len > n && strcmp(u->what + len - n, on) == 0)
			u->what = rt_arena_printf(l->a, "%.*s on %s.%s",
						  (int)(len - n), u->what,
						  schema, new_name);
	}
	return found;
}

static int rename_relation(ld *l, PgQuery__RenameStmt *st)
{
	rt_qname q = rt_load__rv_qname(l, st->relation);
	const char *nn = rt_arena_strdup(l->a, st->newname);
	rt_table *t = rt_schema_find_table(l->s, q.schema, q.name);
	rt_index *ix = rt_schema_find_index(l->s, q.schema, q.name);
	rt_sequence *seq = rt_schema_find_sequence(l->s, q.schema, q.name);
	rt_constraint *ic = rt_load__index_constraint(l, q.schema, q.name);
	rt_view *v = rt_schema_find_view(l->s, q.schema, q.name);
	rt_sequence *idseq = NULL;
	if (v) {
		if (rt_schema_relname_taken(l->s, q.schema, nn))
			return rt_load__fail(
			    l, "relation '%s.%s' already exists", q.schema, nn);
		for (size_t i = 0; i < l->s->indexes.len; i++) {
			rt_index *x = l->s->indexes.items[i];
			if (rt_streq(x->table.schema, v->schema) &&
			    rt_streq(x->table.name, v->name)) {
				x->table.name = nn;
				rt_load__index_redef(l, x, NULL);
			}
		}
		rt_schema_rename(l->s, &v->obj, NULL, nn);
		return 0;
	}
	if (!t && !ix && !seq && !ic &&
	    (idseq = rt_load__find_identity_seq(l, q.schema, q.name))) {
		idseq->name = nn;
		return 0;
	}
	if (!t && !ix && !seq && !ic) {
		if (rename_unmanaged_relation(l, q.schema, q.name, nn))
			return 0;
		if (st->missing_ok)
			return 0;
		return rt_load__fail(l, "relation '%s.%s' does not exist",
				     q.schema, q.name);
	}
	if (rt_schema_relname_taken(l->s, q.schema, nn))
		return rt_load__fail(l, "relation '%s.%s' already exists",
				     q.schema, nn);
	if (t) {
		move_table(l, t, t->schema, nn);
	} else if (ix) {
		rt_schema_rename(l->s, &ix->obj, NULL, nn);
		rt_load__index_redef(l, ix, NULL);
	} else if (seq) {
		const char *old = seq->name;
		rt_schema_rename(l->s, &seq->obj, NULL, nn);
		rt_load__sequence_renamed(l, seq->schema, old, seq);
	} else {
		/* renaming the index renames its constraint */
		rt_schema_rename(l->s, &ic->obj, NULL, nn);
	}
	return 0;
}

int rt_load__rename_stmt(ld *l, PgQuery__RenameStmt *st)
{
	switch (st->rename_type) {
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
	case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
	case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW:
	case PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_TABLE:
		return rename_relation(l, st);
	case PG_QUERY__OBJECT_TYPE__OBJECT_POLICY:
		return rt_load__rename_policy(l, st);
	case PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN: {
		rt_table *t;
		if (rt_load__lookup_table(l, &t, st->relation, st->missing_ok) <
		    0)
			return -1;
		if (!t) {
			if (!st->missing_ok)
				rt_load__unmanaged(l,
						   "statement ALTER ... RENAME "
						   "COLUMN");
			return 0;
		}
		return rename_column(l, t, st->subname, st->newname,
				     st->relation->inh);
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABCONSTRAINT: {
		rt_table *t;
		if (rt_load__lookup_table(l, &t, st->relation, st->missing_ok) <
		    0)
			return -1;
		if (!t)
			return 0;
		rt_constraint *c = rt_table_find_constraint(t, st->subname);
		if (!c)
			return rt_load__fail(
			    l,
			    "constraint '%s' for table '%s' does "
			    "not exist",
			    st->subname, t->name);
		if (rt_table_find_constraint(t, st->newname))
			return rt_load__fail(
			    l,
			    "constraint '%s' for relation '%s' "
			    "already exists",
			    st->newname, t->name);
		const char *old = c->name;
		rt_schema_rename(l->s, &c->obj, NULL,
				 rt_arena_strdup(l->a, st->newname));
		if (c->type == RT_CON_CHECK) {
			rt_vec kids = {0};
			rt_load__children(l->s, t, &kids);
			for (size_t i = 0; i < kids.len; i++) {
				rt_table *k = kids.items[i];
				rt_constraint *kc =
				    rt_table_find_constraint(k, old);
				if (kc && !kc->is_local)
					rt_schema_rename(l->s, &kc->obj, NULL,
							 c->name);
			}
		}
		return 0;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA: {
		rt_namespace *n = rt_schema_find_namespace(l->s, st->subname);
		if (!n)
			return rt_load__fail(l, "schema '%s' does not exist",
					     st->subname);
		if (rt_schema_find_namespace(l->s, st->newname))
			return rt_load__fail(l, "schema '%s' already exists",
					     st->newname);
		const char *old = n->name;
		const char *nn = rt_arena_strdup(l->a, st->newname);
		rt_schema_rename(l->s, &n->obj, nn, nn);
		for (size_t i = 0; i < l->s->tables.len; i++) {
			rt_table *t = l->s->tables.items[i];
			for (size_t j = 0; j < t->columns.len; j++) {
				rt_column *c = t->columns.items[j];
				if (c->type.schema &&
				    strcmp(c->type.schema, old) == 0)
					c->type.schema = nn;
				if (c->collation.schema &&
				    strcmp(c->collation.schema, old) == 0)
					c->collation.schema = nn;
			}
			if (strcmp(t->schema, old) == 0)
				move_table(l, t, nn, t->name);
		}
		rt_vec *lists[] = {&l->s->enums, &l->s->sequences,
				   &l->s->collations, &l->s->functions};
		for (size_t k = 0; k < RT_ARRAY_LEN(lists); k++)
			for (size_t i = 0; i < lists[k]->len; i++) {
				rt_object *o = lists[k]->items[i];
				if (strcmp(o->schema, old) == 0)
					rt_schema_rename(l->s, o, nn, o->name);
			}
		rt_load__types_schema_renamed(l, old, nn);
		for (size_t i = 0; i < l->s->extensions.len; i++) {
			rt_extension *x = l->s->extensions.items[i];
			if (strcmp(x->schema, old) == 0)
				x->schema = nn;
		}
		rt_load__functions_schema_renamed(l, old, nn);
		return 0;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_DOMCONSTRAINT:
	case PG_QUERY__OBJECT_TYPE__OBJECT_ATTRIBUTE:
		return rt_load__rename_type_member(l, st);
	case PG_QUERY__OBJECT_TYPE__OBJECT_RULE:
		return rt_load__rename_rule(l, st);
	case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN:
	case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE: {
		rt_qname q = rt_load__list_qname(l, st->object);
		q.schema = rt_load__schema(l, q.schema, q.name, LOOK_TYPE);
		rt_enum *e = rt_schema_find_enum(l->s, q.schema, q.name);
		rt_object *ut = rt_load__find_user_type(l, q.schema, q.name);
		if (ut)
			return rt_load__rename_user_type(l, ut, NULL,
							 st->newname);
		if (!e) {
			rt_load__unmanaged(
			    l, rt_arena_printf(l->scratch, "type %s.%s",
					       q.schema, st->newname));
			return 0;
		}
		const char *old = e->name;
		rt_schema_rename(l->s, &e->obj, NULL,
				 rt_arena_strdup(l->a, st->newname));
		rt_load__type_renamed(l, e->schema, old, e->schema, e->name);
		for (size_t i = 0; i < l->s->tables.len; i++) {
			rt_table *t = l->s->tables.items[i];
			for (size_t j = 0; j < t->columns.len; j++) {
				rt_column *c = t->columns.items[j];
				if (!c->type.schema ||
				    strcmp(c->type.schema, e->schema) != 0)
					continue;
				if (strcmp(c->type.name, old) == 0)
					c->type.name = e->name;
				else if (strncmp(c->type.name, old,
						 strlen(old)) == 0 &&
					 strcmp(c->type.name + strlen(old),
						"[]") == 0)
					c->type.name = rt_arena_printf(
					    l->a, "%s[]", e->name);
			}
		}
		return 0;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION:
	case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE:
		return rt_load__rename_function(l, st->object->object_with_args,
						st->newname, NULL);
	case PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER:
		return rt_load__rename_trigger(l, st);
	default:
		rt_load__unmanaged(
		    l, rt_arena_printf(l->scratch,
				       "statement ALTER %s "
				       "RENAME",
				       rt_load__objtype_word(st->rename_type)));
		return 0;
	}
}

int rt_load__set_schema(ld *l, PgQuery__AlterObjectSchemaStmt *st)
{
	const char *ns = rt_arena_strdup(l->a, st->newschema);
	if (rt_load__need_namespace(l, ns) < 0)
		return -1;
	switch (st->object_type) {
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE: {
		rt_table *t;
		if (rt_load__lookup_table(l, &t, st->relation, st->missing_ok) <
		    0)
			return -1;
		if (!t)
			return 0;
		if (rt_schema_relname_taken(l->s, ns, t->name))
			return rt_load__fail(
			    l,
			    "relation '%s' already exists in schema "
			    "'%s'",
			    t->name, ns);
		move_table(l, t, ns, t->name);
		return 0;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE: {
		rt_qname q = rt_load__rv_qname(l, st->relation);
		rt_sequence *seq =
		    rt_schema_find_sequence(l->s, q.schema, q.name);
		if (!seq)
			return st->missing_ok
				   ? 0
				   : rt_load__fail(l,
						   "relation '%s.%s' does "
						   "not exist",
						   q.schema, q.name);
		const char *os = seq->schema;
		rt_schema_rename(l->s, &seq->obj, ns, seq->name);
		rt_load__sequence_renamed(l, os, seq->name, seq);
		return 0;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN:
	case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE: {
		rt_qname q = rt_load__list_qname(l, st->object);
		const char *ts =
		    rt_load__schema(l, q.schema, q.name, LOOK_TYPE);
		rt_enum *e = rt_schema_find_enum(l->s, ts, q.name);
		rt_object *ut = rt_load__find_user_type(l, ts, q.name);
		if (ut)
			return rt_load__rename_user_type(l, ut, ns, ut->name);
		if (!e)
			break;
		const char *old = e->schema;
		rt_schema_rename(l->s, &e->obj, ns, e->name);
		rt_load__type_renamed(l, old, e->name, ns, e->name);
		for (size_t i = 0; i < l->s->tables.len; i++) {
			rt_table *t = l->s->tables.items[i];
			for (size_t j = 0; j < t->columns.len; j++) {
				rt_column *c = t->columns.items[j];
				if (c->type.schema &&
				    strcmp(c->type.schema, old) == 0 &&
				    (strcmp(c->type.name, e->name) == 0 ||
				     (strncmp(c->type.name, e->name,
					      strlen(e->name)) == 0 &&
				      strcmp(c->type.name + strlen(e->name),
					     "[]") == 0)))
					c->type.schema = ns;
			}
		}
		return 0;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION:
	case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE:
		return rt_load__rename_function(l, st->object->object_with_args,
						NULL, ns);
	case PG_QUERY__OBJECT_TYPE__OBJECT_EXTENSION: {
		rt_extension *x =
		    rt_schema_find_extension(l->s, str_of(st->object));
		if (!x)
			return rt_load__fail(l, "extension '%s' does not exist",
					     str_of(st->object));
		x->schema = ns;
		return 0;
	}
	default:
		break;
	}
	rt_load__unmanaged(
	    l, rt_arena_printf(l->scratch,
			       "statement ALTER %s SET "
			       "SCHEMA",
			       rt_load__objtype_word(st->object_type)));
	return 0;
}

/* ---- ALTER TABLE ------------------------------------------------------ */

static bool constraint_uses(ld *l, const rt_constraint *c, const char *col)
{
	if (rt_load__vec_has(&c->columns, col) ||
	    rt_load__vec_has(&c->include, col))
		return true;
	if (c->type == RT_CON_CHECK && c->expr)
		return rt_load__text_uses_column(l, c->expr->text, false, col);
	if (c->type == RT_CON_EXCLUDE && c->expr)
		return rt_load__text_uses_column(
		    l,
		    rt_arena_printf(l->scratch,
				    "ALTER TABLE t ADD CONSTRAINT c %s",
				    c->expr->text),
		    true, col);
	return false;
}

int rt_load__drop_column(ld *l, rt_table *t, const char *name, bool recurse,
			 bool cascade, bool top)
{
	rt_column *col = rt_table_find_column(t, name);
	rt_vec fks = {0}, kids = {0};
	if (!col)
		return rt_load__fail(
		    l, "column '%s' of relation '%s' does not exist", name,
		    t->name);
	if (top && col->inhcount > 0)
		return rt_load__fail(l, "cannot drop inherited column '%s'",
				     name);
	for (size_t i = 0; i < t->constraints.len;) {
		rt_constraint *c = t->constraints.items[i];
		if (constraint_uses(l, c, name))
			rt_schema_remove(l->s, &c->obj);
		else
			i++;
	}
	rt_load__referencing_fks(l->s, t, name, &fks);
	for (size_t i = 0; i < fks.len; i++) {
		rt_constraint *c = fks.items[i];
		if (!cascade && c->table != t)
			return rt_load__fail(
			    l,
			    "cannot drop column '%s' of table '%s' "
			    "because other objects depend on it",
			    name, t->name);
		rt_load__drop_constraint(l->s, c);
	}
	for (size_t i = 0; i < l->s->indexes.len;) {
		rt_index *ix = l->s->indexes.items[i];
		if (ix->table.name == t->name &&
		    strcmp(ix->table.schema, t->schema) == 0 &&
		    rt_load__text_uses_column(l, ix->def->text, true, name))
			rt_schema_remove(l->s, &ix->obj);
		else
			i++;
	}
	if (rt_load__triggers_column_dropped(l, &t->obj, name, cascade) < 0)
		return -1;
	rt_load__drop_owned_sequences(l->s, t, name);
	rt_schema_remove(l->s, &col->obj);
	rt_load__children(l->s, t, &kids);
	for (size_t i = 0; i < kids.len; i++) {
		rt_table *k = kids.items[i];
		rt_column *kc = rt_table_find_column(k, name);
		if (!kc)
			continue;
		if (kc->inhcount > 0)
			kc->inhcount--;
		if (!recurse) {
			kc->is_local = true;
		} else if (kc->inhcount == 0 && !kc->is_local) {
			if (rt_load__drop_column(l, k, name, true, cascade,
						 false) < 0)
				return -1;
		}
	}
	return 0;
}

/* Applies fn to column name of t and, when recurse, of its descendants. */
typedef int (*colfn)(ld *l, rt_column *c, void *arg);

static int each_column(ld *l, rt_table *t, const char *name, bool recurse,
		       colfn fn, void *arg)
{
	rt_column *c = rt_table_find_column(t, name);
	if (!c)
		return rt_load__fail(
		    l, "column '%s' of relation '%s' does not exist", name,
		    t->name);
	if (fn(l, c, arg) < 0)
		return -1;
	if (recurse) {
		rt_vec kids = {0};
		rt_load__children(l->s, t, &kids);
		for (size_t i = 0; i < kids.len; i++)
			if (rt_table_find_column(kids.items[i], name) &&
			    each_column(l, kids.items[i], name, true, fn, arg) <
				0)
				return -1;
	}
	return 0;
}

static int col_set_type(ld *l, rt_column *c, void *arg)
{
	PgQuery__ColumnDef *cd = arg;
	rt_type ty;
	if (rt_load__resolve_type(l, cd->type_name, &ty, NULL) < 0)
		return -1;
	/* an identity's sequence takes the new type, and its bounds when
	 * they were the old type's (ALTER SEQUENCE AS) */
	if (c->identity && c->id_seq && !ty.schema &&
	    (strcmp(ty.name, "smallint") == 0 ||
	     strcmp(ty.name, "integer") == 0 ||
	     strcmp(ty.name, "bigint") == 0)) {
		rt_sequence *q = c->id_seq;
		if (q->min == rt_load__type_min(q->type))
			q->min = rt_load__type_min(ty.name);
		if (q->max == rt_load__type_max(q->type))
			q->max = rt_load__type_max(ty.name);
		q->type = ty.name;
	}
	c->type = ty;
	c->collation.schema = NULL;
	c->collation.name = NULL;
	if (cd->coll_clause)
		c->collation = rt_load__resolve_collation(
		    l, cd->coll_clause->collname, cd->coll_clause->n_collname);
	return 0;
}

static int col_set_default(ld *l, rt_column *c, void *arg)
{
	Node *e = arg;
	if (!e || rt_load__null_default_dropped(l, e, &c->type)) {
		c->default_expr = NULL;
		return 0;
	}
	if (c->generated)
		return rt_load__fail(l, "column '%s' is a generated column",
				     c->name);
	return rt_load__default_expr(l, &c->default_expr, e, &c->type);
}

static int col_not_null(ld *l, rt_column *c, void *arg)
{
	(void)l;
	c->not_null = arg != NULL;
	return 0;
}

static int col_drop_expr(ld *l, rt_column *c, void *arg)
{
	const PgQuery__AlterTableCmd *cmd = arg;
	if (!c->generated && !cmd->missing_ok)
		return rt_load__fail(l,
				     "column '%s' of relation '%s' is not a "
				     "stored generated column",
				     c->name, c->table->name);
	c->generated = NULL;
	return 0;
}

static int add_column(ld *l, rt_table *t, PgQuery__AlterTableCmd *cmd,
		      bool recurse)
{
	PgQuery__ColumnDef *cd = cmd->def->column_def;
	rt_vec pend = {0};
	if (rt_table_find_column(t, cd->colname)) {
		if (cmd->missing_ok)
			return 0;
		return rt_load__fail(
		    l, "column '%s' of relation '%s' already exists",
		    cd->colname, t->name);
	}
	if (!recurse) {
		rt_vec kids = {0};
		rt_load__children(l->s, t, &kids);
		if (kids.len)
			return rt_load__fail(
			    l, "column must be added to child tables "
			       "too");
	}
	rt_column *col = rt_load__column_new(l->s, t, cd->colname);
	col->src_line = rt_load__line_at(l, cd->location);
	if (rt_load__column_apply(l, t, col, cd, &pend) < 0)
		return -1;
	if (recurse || t->relkind == RT_REL_PARTITIONED)
		rt_load__column_to_children(l, t, col);
	return rt_load__apply_pending(l, t, &pend);
}

static int drop_constraint(ld *l, rt_table *t, PgQuery__AlterTableCmd *cmd)
{
	bool cascade = cmd->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
	rt_constraint *c = rt_table_find_constraint(t, cmd->name);
	if (!c) {
		if (cmd->missing_ok)
			return 0;
		return rt_load__fail(
		    l, "constraint '%s' of relation '%s' does not exist",
		    cmd->name, t->name);
	}
	if (!c->is_local)
		return rt_load__fail(l,
				     "cannot drop inherited constraint '%s' of "
				     "relation '%s'",
				     cmd->name, t->name);
	if (c->type == RT_CON_PRIMARY || c->type == RT_CON_UNIQUE) {
		rt_vec fks = {0};
		rt_load__referencing_fks(l->s, t, NULL, &fks);
		for (size_t i = 0; i < fks.len; i++) {
			rt_constraint *f = fks.items[i];
			bool same = f->ref_columns.len == c->columns.len;
			for (size_t j = 0; same && j < c->columns.len; j++)
				same = rt_load__vec_has(&f->ref_columns,
							c->columns.items[j]);
			if (!same)
				continue;
			if (!cascade)
				return rt_load__fail(
				    l,
				    "cannot drop constraint '%s' on "
				    "table '%s' because other "
				    "objects depend on it",
				    c->name, t->name);
			rt_load__drop_constraint(l->s, f);
		}
	}
	rt_load__drop_constraint(l->s, c);
	if (c->type == RT_CON_CHECK) {
		rt_vec kids = {0};
		rt_load__children(l->s, t, &kids);
		for (size_t i = 0; i < kids.len; i++) {
			rt_constraint *kc =
			    rt_table_find_constraint(kids.items[i], c->name);
			if (kc && !kc->is_local)
				rt_load__drop_constraint(l->s, kc);
		}
	}
	return 0;
}

/* The parent p of t went away (DETACH / NO INHERIT). */
static void unlink_parent(rt_table *t, rt_table *p)
{
	for (size_t i = 0; i < p->columns.len; i++) {
		rt_column *pc = p->columns.items[i];
		rt_column *c = rt_table_find_column(t, pc->name);
		if (c && c->inhcount > 0 && --c->inhcount == 0)
			c->is_local = true;
	}
	for (size_t i = 0; i < p->constraints.len; i++) {
		rt_constraint *pc = p->constraints.items[i];
		rt_constraint *c = rt_table_find_constraint(t, pc->name);
		if (pc->type == RT_CON_CHECK && c)
			c->is_local = true;
	}
}

/* t becomes a child of p (INHERIT / ATTACH PARTITION). */
static int link_parent(ld *l, rt_table *t, rt_table *p, bool partition)
{
	p->maybe_parent = true;
	for (size_t i = 0; i < p->columns.len; i++) {
		rt_column *pc = p->columns.items[i];
		rt_column *c = rt_table_find_column(t, pc->name);
		if (!c)
			return rt_load__fail(
			    l, "child table is missing column '%s'", pc->name);
		c->inhcount++;
		if (partition)
			c->is_local = false;
	}
	for (size_t i = 0; i < p->constraints.len; i++) {
		rt_constraint *pc = p->constraints.items[i];
		if (pc->type != RT_CON_CHECK || pc->no_inherit)
			continue;
		rt_constraint *c = rt_table_find_constraint(t, pc->name);
		if (!c || c->type != RT_CON_CHECK)
			return rt_load__fail(
			    l, "child table is missing constraint '%s'",
			    pc->name);
		if (partition)
			c->is_local = false;
	}
	return 0;
}

/* A detached partition k keeps, as its own, the keys, foreign keys and
 * indexes its parent p had cloned onto it. */
static int detach_clones(ld *l, rt_table *k, rt_table *p)
{
	for (size_t i = 0; i < p->constraints.len; i++) {
		rt_constraint *c = p->constraints.items[i];
		if (c->type == RT_CON_FOREIGN) {
			/* clones keep the parent's name */
			rt_load__constraint_inherit(l->s, k, c)->is_local =
			    true;
		} else if (c->type == RT_CON_PRIMARY ||
			   c->type == RT_CON_UNIQUE) {
			rt_load__clone_key(l, c, k);
		}
	}
	rt_load__clone_indexes(l, p, k, false);
	return 0;
}

static int alter_cmd(ld *l, rt_table *t, PgQuery__AlterTableCmd *cmd,
		     bool recurse)
{
	switch (cmd->subtype) {
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumnRecurse:
		return add_column(l, t, cmd, recurse);
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumnRecurse:
		if (!rt_table_find_column(t, cmd->name) && cmd->missing_ok)
			return 0;
		return rt_load__drop_column(
		    l, t, cmd->name, recurse,
		    cmd->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE,
		    true);
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType:
		return each_column(l, t, cmd->name, recurse, col_set_type,
				   cmd->def->column_def);
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault:
		return each_column(l, t, cmd->name, recurse, col_set_default,
				   cmd->def);
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull:
		return each_column(l, t, cmd->name, recurse, col_not_null, t);
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropNotNull:
		return each_column(l, t, cmd->name, recurse, col_not_null,
				   NULL);
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropExpression:
		return each_column(l, t, cmd->name, recurse, col_drop_expr,
				   cmd);
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AddIdentity:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetIdentity:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropIdentity: {
		rt_column *c = rt_table_find_column(t, cmd->name);
		if (!c)
			return rt_load__fail(
			    l,
			    "column '%s' of relation '%s' does not "
			    "exist",
			    cmd->name, t->name);
		if (cmd->subtype ==
		    PG_QUERY__ALTER_TABLE_TYPE__AT_DropIdentity) {
			if (!c->identity && !cmd->missing_ok)
				return rt_load__fail(
				    l,
				    "column '%s' of relation '%s' "
				    "is not an identity column",
				    cmd->name, t->name);
			c->identity = RT_IDENTITY_NONE;
			c->id_seq = NULL;
			return 0;
		}
		if (cmd->subtype ==
		    PG_QUERY__ALTER_TABLE_TYPE__AT_AddIdentity) {
			if (c->identity)
				return rt_load__fail(
				    l,
				    "column '%s' of relation '%s' "
				    "is already an identity column",
				    cmd->name, t->name);
			if (!c->not_null)
				return rt_load__fail(
				    l,
				    "column '%s' of relation '%s' "
				    "must be declared NOT NULL "
				    "before identity can be added",
				    cmd->name, t->name);
			if (c->default_expr)
				return rt_load__fail(
				    l,
				    "column '%s' of relation '%s' "
				    "already has a default value",
				    cmd->name, t->name);
			rt_load__set_identity(
			    c, cmd->def->constraint->generated_when);
			return rt_load__identity_options(
			    l, c, cmd->def->constraint->options,
			    cmd->def->constraint->n_options, true);
		}
		if (!c->identity)
			return rt_load__fail(
			    l,
			    "column '%s' of relation '%s' is not an "
			    "identity column",
			    cmd->name, t->name);
		if (cmd->def &&
		    cmd->def->node_case == PG_QUERY__NODE__NODE_LIST) {
			PgQuery__List *lst = cmd->def->list;
			for (size_t i = 0; i < lst->n_items; i++) {
				PgQuery__DefElem *d = lst->items[i]->def_elem;
				if (strcmp(d->defname, "generated") == 0 &&
				    d->arg &&
				    d->arg->node_case ==
					PG_QUERY__NODE__NODE_INTEGER)
					c->identity =
					    d->arg->integer->ival == 'd'
						? RT_IDENTITY_BY_DEFAULT
						: RT_IDENTITY_ALWAYS;
			}
			return rt_load__identity_options(l, c, lst->items,
							 lst->n_items, false);
		}
		return 0;
	}
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraintRecurse: {
		PgQuery__Constraint *c = cmd->def->constraint;
		if (rt_load__add_constraint(l, t, c, NULL) < 0)
			return -1;
		if (c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY) {
			rt_constraint *pk = rt_table_primary_key(t);
			for (size_t i = 0; pk && i < pk->columns.len; i++)
				if (each_column(l, t, pk->columns.items[i],
						true, col_not_null, t) < 0)
					return -1;
		}
		return 0;
	}
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraint:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraintRecurse:
		return drop_constraint(l, t, cmd);
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraint:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraintRecurse: {
		rt_constraint *c = rt_table_find_constraint(t, cmd->name);
		if (!c)
			return rt_load__fail(
			    l,
			    "constraint '%s' of relation '%s' does "
			    "not exist",
			    cmd->name, t->name);
		c->not_valid = false;
		return 0;
	}
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterConstraint: {
		PgQuery__Constraint *d = cmd->def->constraint;
		rt_constraint *c = rt_table_find_constraint(t, d->conname);
		if (!c)
			return rt_load__fail(
			    l,
			    "constraint '%s' of relation '%s' does "
			    "not exist",
			    d->conname, t->name);
		c->deferrable = d->deferrable;
		c->initially_deferred = d->initdeferred;
		return 0;
	}
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetLogged:
		t->unlogged = false;
		return 0;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetUnLogged:
		t->unlogged = true;
		return 0;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AddInherit: {
		rt_table *p;
		if (rt_load__lookup_table(l, &p, cmd->def->range_var, false) <
		    0)
			return -1;
		if (rt_load__is_child_of(t, p))
			return rt_load__fail(l,
					     "relation '%s' would be inherited "
					     "from more than once",
					     p->name);
		if (rt_load__is_descendant(l->s, l->scratch, p, t)) {
			rt_load__fail(l, "circular inheritance not allowed");
			rt_error_detail(l->err,
					"\"%s\" is already a child of "
					"\"%s\".",
					p->name, t->name);
			return -1;
		}
		if (link_parent(l, t, p, false) < 0)
			return -1;
		rt_qname *q = RT_NEW(l->a, rt_qname);
		q->schema = p->schema;
		q->name = p->name;
		rt_vec_push(&t->inherits, l->a, q);
		return 0;
	}
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropInherit: {
		rt_table *p;
		if (rt_load__lookup_table(l, &p, cmd->def->range_var, false) <
		    0)
			return -1;
		for (size_t i = 0; i < t->inherits.len; i++) {
			rt_qname *q = t->inherits.items[i];
			if (strcmp(q->name, p->name) == 0 &&
			    strcmp(q->schema, p->schema) == 0) {
				rt_vec_remove(&t->inherits, i);
				unlink_parent(t, p);
				return 0;
			}
		}
		return rt_load__fail(
		    l,
		    "relation '%s' is not a parent of relation "
		    "'%s'",
		    p->name, t->name);
	}
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AttachPartition: {
		PgQuery__PartitionCmd *pc = cmd->def->partition_cmd;
		rt_table *k;
		if (t->relkind != RT_REL_PARTITIONED)
			return rt_load__fail(l, "table '%s' is not partitioned",
					     t->name);
		if (rt_load__lookup_table(l, &k, pc->name, false) < 0)
			return -1;
		if (k->partition_of.name)
			return rt_load__fail(l, "'%s' is already a partition",
					     k->name);
		if (rt_load__is_descendant(l->s, l->scratch, t, k)) {
			rt_load__fail(l, "circular inheritance not allowed");
			rt_error_detail(l->err,
					"\"%s\" is already a child of "
					"\"%s\".",
					t->name, k->name);
			return -1;
		}
		if (link_parent(l, k, t, true) < 0)
			return -1;
		k->partition_of.schema = t->schema;
		k->partition_of.name = t->name;
		rt_load__adopt_matches(l, t, k);
		return rt_load__set_bound(l, k, pc->bound);
	}
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DetachPartition: {
		PgQuery__PartitionCmd *pc = cmd->def->partition_cmd;
		rt_table *k;
		if (rt_load__lookup_table(l, &k, pc->name, false) < 0)
			return -1;
		if (!rt_load__is_child_of(k, t) || !k->partition_of.name)
			return rt_load__fail(
			    l,
			    "relation '%s' is not a partition of "
			    "relation '%s'",
			    k->name, t->name);
		k->partition_of.schema = NULL;
		k->partition_of.name = NULL;
		k->partition_bound = NULL;
		unlink_parent(k, t);
		return detach_clones(l, k, t);
	}
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableRowSecurity:
		t->rls = true;
		return 0;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableRowSecurity:
		t->rls = false;
		return 0;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ForceRowSecurity:
		t->force_rls = true;
		return 0;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_NoForceRowSecurity:
		t->force_rls = false;
		return 0;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetRelOptions:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ResetRelOptions:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ReplaceRelOptions:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetStorage:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetStatistics:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetCompression:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ReplicaIdentity:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ClusterOn:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropCluster:
		return rt_load__table_prop(l, t, cmd);
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetOptions:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ResetOptions:
		rt_load__unmanaged(
		    l, rt_arena_printf(l->scratch,
				       "attribute options on column %s.%s.%s",
				       t->schema, t->name, cmd->name));
		return 0;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableRule:
		return rt_load__rule_enable(l, t, cmd->name, 'O');
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableRule:
		return rt_load__rule_enable(l, t, cmd->name, 'D');
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableAlwaysRule:
		return rt_load__rule_enable(l, t, cmd->name, 'A');
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableReplicaRule:
		return rt_load__rule_enable(l, t, cmd->name, 'R');
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrig:
		return rt_load__enable_trigger(l, &t->obj, cmd->name, 'O');
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrig:
		return rt_load__enable_trigger(l, &t->obj, cmd->name, 'D');
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableAlwaysTrig:
		return rt_load__enable_trigger(l, &t->obj, cmd->name, 'A');
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableReplicaTrig:
		return rt_load__enable_trigger(l, &t->obj, cmd->name, 'R');
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrigAll:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrigUser:
		return rt_load__enable_trigger(l, &t->obj, NULL, 'O');
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrigAll:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrigUser:
		return rt_load__enable_trigger(l, &t->obj, NULL, 'D');
	default:
		/* owner, tablespace, trigger and rule switches: no model
		 * state */
		return 0;
	}
}

/* ALTER INDEX parent ATTACH PARTITION child: the child index (or the
 * constraint behind it) becomes derived from the parent's, so it is no
 * longer listed. */
static int attach_index(ld *l, const PgQuery__RangeVar *rv)
{
	const char *schema =
	    rt_load__schema(l, rv->schemaname, rv->relname, LOOK_REL);
	rt_index *ix = rt_schema_find_index(l->s, schema, rv->relname);
	rt_constraint *c;
	if (ix) {
		rt_schema_remove(l->s, &ix->obj);
		return 0;
	}
	c = rt_load__index_constraint(l, schema, rv->relname);
	if (!c)
		return rt_load__fail(l, "relation '%s.%s' does not exist",
				     schema, rv->relname);
	rt_load__drop_constraint(l->s, c);
	return 0;
}

int rt_load__alter_table(ld *l, PgQuery__AlterTableStmt *st)
{
	rt_table *t;
	switch (st->objtype) {
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
		break;
	case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
		for (size_t i = 0; i < st->n_cmds; i++) {
			PgQuery__AlterTableCmd *c =
			    st->cmds[i]->alter_table_cmd;
			if (c->subtype ==
				PG_QUERY__ALTER_TABLE_TYPE__AT_AttachPartition &&
			    attach_index(l, c->def->partition_cmd->name) < 0)
				return -1;
		}
		return 0; /* otherwise owner, tablespace, options */
	case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
		return 0; /* owner, tablespace, options */
	case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
		return rt_load__alter_composite(l, st);
	default:
		/* views, materialized views, foreign tables: unmanaged
		 * objects, reported as such */
		return 0;
	}
	if (rt_load__lookup_table(l, &t, st->relation, st->missing_ok) < 0)
		return -1;
	if (!t)
		return 0;
	for (size_t i = 0; i < st->n_cmds; i++)
		if (alter_cmd(l, t, st->cmds[i]->alter_table_cmd,
			      st->relation->inh) < 0)
			return -1;
	return 0;
}
