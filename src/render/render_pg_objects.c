/* SPDX-License-Identifier: MIT */
/*
 * PostgreSQL statements for the generic kinds (views, functions, types,
 * triggers, policies, rules: one rt_render_kind per kind, in
 * render_pg_<kind>.c), for privileges and for row level security.
 */
#include "base/common.h"
#include "base/sql.h"
#include "diff/diff.h"
#include "render/render_int.h"
#include "schema/kind.h"

#define PG RT_DIALECT_PG

static const rt_render_kind *const kinds[RT_KIND_UNMANAGED] = {
    [RT_KIND_VIEW] = &rt_render__pg_view,
    [RT_KIND_DOMAIN] = &rt_render__pg_domain,
    [RT_KIND_COMPOSITE] = &rt_render__pg_composite,
    [RT_KIND_RANGE] = &rt_render__pg_range,
    [RT_KIND_RULE] = &rt_render__pg_rule,
    [RT_KIND_FUNCTION] = &rt_render__pg_function,
    [RT_KIND_TRIGGER] = &rt_render__pg_trigger,
    [RT_KIND_POLICY] = &rt_render__pg_policy,
};

const char *rt_render__sql_type(rt_kind k, const rt_object *o)
{
	if (k == RT_KIND_VIEW && ((const rt_view *)o)->materialized)
		return "MATERIALIZED VIEW";
	if (k == RT_KIND_FUNCTION && ((const rt_function *)o)->prokind == 'p')
		return "PROCEDURE";
	return rt_kind_get(k)->sql_type;
}

/* DROP <type> <name>, the default drop. */
static void drop_object(rt_buf *b, rt_kind k, const rt_object *o)
{
	rt_buf_addf(b, "DROP %s ", rt_render__sql_type(k, o));
	rt_render__object_name(b, k, o);
}

/* ---- privileges ---- */

/* The object a GRANT names: "TABLE s.t", "(col) ON TABLE s.t" comes
 * from the caller for columns. */
static void grant_target(rt_buf *b, rt_kind k, const rt_object *o)
{
	switch (k) {
	case RT_KIND_COLUMN:
		rt_buf_addch(b, '(');
		rt_render__ident(b, o->name);
		rt_buf_adds(b, ") ON TABLE ");
		rt_render__qname(b, o->owner->schema, o->owner->name);
		return;
	case RT_KIND_TABLE:
	case RT_KIND_VIEW:
		rt_buf_adds(b, "TABLE ");
		break;
	case RT_KIND_NAMESPACE:
		rt_buf_adds(b, "SCHEMA ");
		break;
	case RT_KIND_ENUM:
	case RT_KIND_COMPOSITE:
	case RT_KIND_RANGE:
		rt_buf_adds(b, "TYPE ");
		break;
	default:
		rt_buf_addf(b, "%s ", rt_render__sql_type(k, o));
		break;
	}
	rt_render__object_name(b, k, o);
}

static void grantee(rt_buf *b, const char *role)
{
	if (strcmp(role, "PUBLIC") == 0)
		rt_buf_adds(b, "PUBLIC");
	else
		rt_render__ident(b, role);
}

static void grant(rt_buf *b, const rt_step *st)
{
	const rt_grant *g = st->change->grant;
	const rt_object *o = st->target ? st->target : st->object;
	bool revoke = st->op == RT_OP_REVOKE;

	rt_buf_adds(b, revoke ? "REVOKE " : "GRANT ");
	if (revoke && st->change->grant_option)
		rt_buf_adds(b, "GRANT OPTION FOR ");
	rt_buf_addf(b, "%s", g->privilege);
	if (st->kind == RT_KIND_COLUMN)
		rt_buf_addch(b, ' ');
	else
		rt_buf_adds(b, " ON ");
	grant_target(b, st->kind, o);
	rt_buf_adds(b, revoke ? " FROM " : " TO ");
	grantee(b, g->grantee);
	if (!revoke && g->grantable)
		rt_buf_adds(b, " WITH GRANT OPTION");
}

/* ---- row level security ---- */

static void set_rls(rt_buf *b, const rt_step *st)
{
	/* either side may be NULL: a table created, or about to go */
	const rt_table *f = st->object, *t = st->target;
	const rt_table *named = t ? t : f;
	bool frls = f && f->rls, fforce = f && f->force_rls;
	bool trls = t && t->rls, tforce = t && t->force_rls;
	const char *sep = " ";

	rt_buf_adds(b, "ALTER TABLE ");
	rt_render__qname(b, named->schema, named->name);
	if (frls != trls) {
		rt_buf_addf(b, "%s%s ROW LEVEL SECURITY", sep,
			    trls ? "ENABLE" : "DISABLE");
		sep = ", ";
	}
	if (fforce != tforce)
		rt_buf_addf(b, "%s%s ROW LEVEL SECURITY", sep,
			    tforce ? "FORCE" : "NO FORCE");
}

/* ---- storage parameters, replica identity, cluster, column options */

/* ALTER TABLE t RESET (every key it had), SET (the target's): the
 * options end up in the target's order, as pg_class keeps them */
static void table_options(rt_buf *b, const rt_step *st)
{
	static const rt_vec none;
	const rt_table *f = st->object, *t = st->target;
	const rt_vec *fo = f ? &f->options : &none;
	rt_buf_adds(b, "ALTER TABLE ");
	rt_render__qname(b, t->schema, t->name);
	for (size_t i = 0; i < fo->len; i++) {
		const char *o = fo->items[i];
		rt_buf_adds(b, i ? ", " : " RESET (");
		rt_buf_add(b, o, strcspn(o, "="));
	}
	if (fo->len)
		rt_buf_addch(b, ')');
	for (size_t i = 0; i < t->options.len; i++) {
		rt_buf_adds(b, i ? ", " : fo->len ? ", SET (" : " SET (");
		rt_buf_adds(b, t->options.items[i]);
	}
	if (t->options.len)
		rt_buf_addch(b, ')');
}

static void replica_identity(rt_buf *b, const rt_step *st)
{
	const rt_table *t = st->target;
	rt_buf_adds(b, "ALTER TABLE ");
	rt_render__qname(b, t->schema, t->name);
	switch (t->replica_identity) {
	case 'n':
		rt_buf_adds(b, " REPLICA IDENTITY NOTHING");
		break;
	case 'f':
		rt_buf_adds(b, " REPLICA IDENTITY FULL");
		break;
	case 'i':
		rt_buf_adds(b, " REPLICA IDENTITY USING INDEX ");
		rt_render__ident(b, t->replica_index);
		break;
	default:
		rt_buf_adds(b, " REPLICA IDENTITY DEFAULT");
		break;
	}
}

static void cluster(rt_buf *b, const rt_step *st)
{
	const rt_table *t = st->target;
	rt_buf_adds(b, "ALTER TABLE ");
	rt_render__qname(b, t->schema, t->name);
	if (t->cluster_index) {
		rt_buf_adds(b, " CLUSTER ON ");
		rt_render__ident(b, t->cluster_index);
	} else {
		rt_buf_adds(b, " SET WITHOUT CLUSTER");
	}
}

static const char *storage_word(char s)
{
	switch (s) {
	case 'p':
		return "PLAIN";
	case 'e':
		return "EXTERNAL";
	case 'm':
		return "MAIN";
	default:
		return "EXTENDED";
	}
}

static void column_options(rt_buf *b, const rt_step *st)
{
	static const rt_column none;
	const rt_column *t = st->target;
	const rt_column *f = st->object ? st->object : &none;
	const char *sep = " ";
	rt_buf_adds(b, "ALTER TABLE ");
	rt_render__qname(b, t->table->schema, t->table->name);
	if (f->storage != t->storage) {
		char s =
		    t->storage ? t->storage : rt_schema_type_storage(t->type);
		rt_buf_adds(b, sep);
		rt_buf_adds(b, "ALTER COLUMN ");
		rt_render__ident(b, t->name);
		rt_buf_addf(b, " SET STORAGE %s", storage_word(s));
		sep = ", ";
	}
	if (f->has_statistics != t->has_statistics ||
	    f->statistics != t->statistics) {
		rt_buf_adds(b, sep);
		rt_buf_adds(b, "ALTER COLUMN ");
		rt_render__ident(b, t->name);
		rt_buf_addf(b, " SET STATISTICS %d",
			    t->has_statistics ? t->statistics : -1);
		sep = ", ";
	}
	if (!rt_streq(f->compression, t->compression)) {
		rt_buf_adds(b, sep);
		rt_buf_adds(b, "ALTER COLUMN ");
		rt_render__ident(b, t->name);
		rt_buf_addf(b, " SET COMPRESSION %s",
			    t->compression ? t->compression : "DEFAULT");
	}
}

/* ---- domains ---- */

static const rt_domain_check *domain_check(const rt_domain *d, const char *name)
{
	for (size_t i = 0; i < d->checks.len; i++) {
		const rt_domain_check *k = d->checks.items[i];
		if (rt_streq(k->name, name))
			return k;
	}
	return NULL;
}

static void alter_domain(rt_buf *b, const rt_step *st)
{
	const rt_domain *t = st->target;
	const rt_domain_check *k;

	rt_buf_adds(b, "ALTER DOMAIN ");
	rt_render__qname(b, t->schema, t->name);
	switch (st->op) {
	case RT_OP_ALTER_DOMAIN_DEFAULT:
		if (t->default_expr)
			rt_buf_addf(b, " SET DEFAULT %s",
				    t->default_expr->text);
		else
			rt_buf_adds(b, " DROP DEFAULT");
		break;
	case RT_OP_ALTER_DOMAIN_NOT_NULL:
		rt_buf_adds(b,
			    t->not_null ? " SET NOT NULL" : " DROP NOT NULL");
		break;
	case RT_OP_ALTER_DOMAIN_DROP_CHECK:
		rt_buf_adds(b, " DROP CONSTRAINT ");
		rt_render__ident(b, st->name);
		break;
	case RT_OP_ALTER_DOMAIN_VALIDATE:
		rt_buf_adds(b, " VALIDATE CONSTRAINT ");
		rt_render__ident(b, st->name);
		break;
	default:
		k = domain_check(t, st->name);
		rt_buf_adds(b, " ADD CONSTRAINT ");
		rt_render__ident(b, st->name);
		rt_buf_addf(b, " CHECK (%s)",
			    k && k->expr ? k->expr->text : "");
		if (k && k->not_valid)
			rt_buf_adds(b, " NOT VALID");
		break;
	}
}

/* ---- notes ---- */

static void maybe_note(rt_buf *b, const rt_step *st)
{
	const rt_object *o = st->target;
	rt_buf_addf(b, "-- retort: %s ", rt_kind_get(st->kind)->name);
	rt_buf_adds(b, o->schema);
	rt_buf_addch(b, '.');
	if (o->owner && rt_kind_get(st->kind)->scope == RT_SCOPE_RELATION) {
		rt_buf_adds(b, o->owner->name);
		rt_buf_addch(b, '.');
	}
	rt_buf_adds(b, o->name);
	rt_buf_adds(b, ": the definitions differ, but one side was read from a "
		       "database and the other from SQL, so the difference may "
		       "be spelling only; not migrated (compare with --dev-url "
		       "to decide)");
}

int rt_render__pg_object(rt_buf *b, const rt_step *st, rt_error *err)
{
	const rt_render_kind *rk =
	    st->kind < RT_KIND_UNMANAGED ? kinds[st->kind] : NULL;

	switch (st->op) {
	case RT_OP_NOTE:
		maybe_note(b, st);
		return 0;
	case RT_OP_GRANT:
	case RT_OP_REVOKE:
		grant(b, st);
		return 0;
	case RT_OP_SET_RLS:
		set_rls(b, st);
		return 0;
	case RT_OP_SET_TABLE_OPTIONS:
		table_options(b, st);
		return 0;
	case RT_OP_SET_REPLICA_IDENTITY:
		replica_identity(b, st);
		return 0;
	case RT_OP_SET_CLUSTER:
		cluster(b, st);
		return 0;
	case RT_OP_SET_COLUMN_OPTIONS:
		column_options(b, st);
		return 0;
	case RT_OP_ALTER_DOMAIN_DEFAULT:
	case RT_OP_ALTER_DOMAIN_NOT_NULL:
	case RT_OP_ALTER_DOMAIN_DROP_CHECK:
	case RT_OP_ALTER_DOMAIN_ADD_CHECK:
	case RT_OP_ALTER_DOMAIN_VALIDATE:
		alter_domain(b, st);
		return 0;
	case RT_OP_CREATE_OBJECT:
		if (!rk || !rk->create)
			break;
		rk->create(b, st->target);
		return 0;
	case RT_OP_DROP_OBJECT:
		if (rk && rk->drop)
			rk->drop(b, st->object);
		else
			drop_object(b, st->kind, st->object);
		return 0;
	case RT_OP_ALTER_OBJECT:
		if (!rk || !rk->alter)
			break;
		rk->alter(b, st->object, st->target);
		return 0;
	default:
		break;
	}
	return rt_errorf(err, RT_EINTERNAL, "cannot render step %s on a %s",
			 rt_op_name(st->op),
			 st->kind < RT_KIND_UNMANAGED
			     ? rt_kind_get(st->kind)->name
			     : "unmanaged object");
}
