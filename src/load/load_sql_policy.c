/* SPDX-License-Identifier: MIT */
/*
 * SQL loader: row level security policies (CREATE / ALTER / DROP POLICY,
 * COMMENT ON POLICY, ALTER POLICY ... RENAME). A policy belongs to its
 * table (rt_schema_find_on); its roles are sorted, "PUBLIC" when none is
 * named or PUBLIC is among them (PostgreSQL then keeps PUBLIC alone); its
 * expressions get canonical keys, so a file's and a database's compare.
 */
#include "base/common.h"
#include "load/load_sql_int.h"
#include "schema/canon.h"

static int cmp_str(const void *a, const void *b)
{
	return strcmp(a, b);
}

static char cmd_of(const char *name)
{
	if (empty(name) || strcmp(name, "all") == 0)
		return '*';
	if (strcmp(name, "select") == 0)
		return 'r';
	if (strcmp(name, "insert") == 0)
		return 'a';
	if (strcmp(name, "update") == 0)
		return 'w';
	if (strcmp(name, "delete") == 0)
		return 'd';
	return 0;
}

/* p's roles from RoleSpec nodes. */
static void set_roles(ld *l, rt_policy *p, Node **roles, size_t n)
{
	rt_vec v = {0};
	bool pub = n == 0;
	for (size_t i = 0; i < n && !pub; i++) {
		const PgQuery__RoleSpec *r;
		if (roles[i]->node_case != PG_QUERY__NODE__NODE_ROLE_SPEC)
			continue;
		r = roles[i]->role_spec;
		switch (r->roletype) {
		case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_PUBLIC:
			pub = true;
			break;
		case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CSTRING:
			rt_vec_push(&v, l->a,
				    rt_arena_strdup(l->a, r->rolename));
			break;
		case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_SESSION_USER:
			rt_vec_push(&v, l->a, (void *)"SESSION_USER");
			break;
		default:
			rt_vec_push(&v, l->a, (void *)"CURRENT_USER");
			break;
		}
	}
	if (pub) {
		memset(&v, 0, sizeof(v));
		rt_vec_push(&v, l->a, (void *)"PUBLIC");
	}
	rt_vec_sort(&v, cmp_str);
	/* the same role twice is one */
	for (size_t i = 1; i < v.len;) {
		if (strcmp(v.items[i], v.items[i - 1]) == 0)
			rt_vec_remove(&v, i);
		else
			i++;
	}
	p->roles = v;
}

/* An expression of a policy on t (NULL node: none). */
static int policy_expr(ld *l, rt_table *t, rt_expr **out, Node *e)
{
	if (!e) {
		*out = NULL;
		return 0;
	}
	rt_load__bool_literals(l, t, e);
	return rt_load__node_expr(l, out, e);
}

/* The table a policy statement names; policies are on tables only. */
static int policy_table(ld *l, rt_table **out, const PgQuery__RangeVar *rv)
{
	if (rt_load__lookup_table(l, out, rv, true) < 0)
		return -1;
	if (*out)
		return 0;
	if (rt_load__other_relation(l, rv)) {
		*out = NULL; /* an unmanaged relation */
		return 0;
	}
	return rt_load__fail(
	    l, "relation '%s.%s' does not exist",
	    rt_load__schema(l, rv->schemaname, rv->relname, LOOK_REL),
	    rv->relname);
}

static rt_policy *find_policy(ld *l, rt_table *t, const char *name)
{
	return (rt_policy *)rt_schema_find_on(l->s, RT_KIND_POLICY, t->schema,
					      t->name, name);
}

static int need_policy(ld *l, rt_policy **out, rt_table *t, const char *name)
{
	*out = find_policy(l, t, name);
	if (!*out)
		return rt_load__fail(
		    l, "policy '%s' for table '%s' does not exist", name,
		    t->name);
	return 0;
}

int rt_load__create_policy(ld *l, PgQuery__CreatePolicyStmt *st)
{
	rt_table *t;
	rt_policy *p;
	char cmd = cmd_of(st->cmd_name);

	if (policy_table(l, &t, st->table) < 0)
		return -1;
	if (!t) {
		rt_load__unmanaged(
		    l, rt_arena_printf(l->scratch, "policy %s on %s",
				       st->policy_name,
				       rt_load__rv_text(l, st->table)));
		return 0;
	}
	if (!cmd)
		return rt_load__fail(l, "unrecognized policy command '%s'",
				     st->cmd_name);
	if (find_policy(l, t, st->policy_name))
		return rt_load__fail(
		    l, "policy '%s' for table '%s' already exists",
		    st->policy_name, t->name);
	if (cmd == 'r' && st->with_check)
		return rt_load__fail(
		    l, "only USING expression allowed for SELECT, DELETE");
	if (cmd == 'd' && st->with_check)
		return rt_load__fail(
		    l, "only USING expression allowed for SELECT, DELETE");
	if (cmd == 'a' && st->qual)
		return rt_load__fail(
		    l, "only WITH CHECK expression allowed for INSERT");
	p = rt_schema_new_object(l->s, RT_KIND_POLICY, t->schema,
				 st->policy_name, &t->obj);
	p->table.schema = t->schema;
	p->table.name = t->name;
	p->permissive = st->permissive;
	p->cmd = cmd;
	set_roles(l, p, st->roles, st->n_roles);
	if (policy_expr(l, t, &p->using_expr, st->qual) < 0 ||
	    policy_expr(l, t, &p->check_expr, st->with_check) < 0)
		return -1;
	if (!l->exact) {
		p->src_file = l->file;
		p->src_line = rt_load__src_line(l);
	}
	return 0;
}

int rt_load__alter_policy(ld *l, PgQuery__AlterPolicyStmt *st)
{
	rt_table *t;
	rt_policy *p;

	if (policy_table(l, &t, st->table) < 0)
		return -1;
	if (!t)
		return 0; /* on an unmanaged relation: named by CREATE */
	if (need_policy(l, &p, t, st->policy_name) < 0)
		return -1;
	if (st->n_roles)
		set_roles(l, p, st->roles, st->n_roles);
	if (st->qual) {
		if (p->cmd == 'a')
			return rt_load__fail(
			    l, "only WITH CHECK expression allowed for INSERT");
		if (policy_expr(l, t, &p->using_expr, st->qual) < 0)
			return -1;
	}
	if (st->with_check) {
		if (p->cmd == 'r' || p->cmd == 'd')
			return rt_load__fail(l, "only USING expression allowed "
						"for SELECT, DELETE");
		if (policy_expr(l, t, &p->check_expr, st->with_check) < 0)
			return -1;
	}
	return 0;
}

/* The table and policy a [schema.]table.policy name list names; *p
 * NULL with *t NULL when the table is not a model table. */
static int named_policy(ld *l, rt_table **t, rt_policy **p, const Node *obj,
			bool missing_ok, const char *verb)
{
	PgQuery__List *lst;
	const char *name;
	rt_qname q;
	const char *schema;

	*t = NULL;
	*p = NULL;
	if (!obj || obj->node_case != PG_QUERY__NODE__NODE_LIST ||
	    obj->list->n_items < 2)
		return rt_load__fail(l, "cannot %s policy: no table named",
				     verb);
	lst = obj->list;
	name = str_of(lst->items[lst->n_items - 1]);
	q = rt_load__names_qname(l, lst->items, lst->n_items - 1);
	schema = rt_load__schema(l, q.schema, q.name, LOOK_REL);
	*t = rt_schema_find_table(l->s, schema, q.name);
	if (!*t) {
		const char *what = rt_arena_printf(
		    l->scratch, "policy %s on %s.%s", name, schema, q.name);
		size_t before = l->s->unmanaged.len;
		rt_load__unmanaged_drop(l, what, false);
		if (before != l->s->unmanaged.len || missing_ok)
			return 0;
		return rt_load__fail(l, "relation '%s.%s' does not exist",
				     schema, q.name);
	}
	*p = find_policy(l, *t, name);
	if (!*p && !missing_ok)
		return rt_load__fail(
		    l, "policy '%s' for table '%s' does not exist", name,
		    (*t)->name);
	return 0;
}

int rt_load__drop_policy(ld *l, const Node *obj, bool missing_ok)
{
	rt_table *t;
	rt_policy *p;
	if (named_policy(l, &t, &p, obj, missing_ok, "drop") < 0)
		return -1;
	if (p)
		rt_schema_remove(l->s, &p->obj);
	return 0;
}

int rt_load__comment_policy(ld *l, const Node *obj, const char *text)
{
	rt_table *t;
	rt_policy *p;
	if (named_policy(l, &t, &p, obj, false, "comment on") < 0)
		return -1;
	if (p)
		p->comment = text;
	else if (!t)
		rt_load__unmanaged(l, rt_load__statement_what(l));
	return 0;
}

int rt_load__rename_policy(ld *l, PgQuery__RenameStmt *st)
{
	rt_table *t;
	rt_policy *p;
	if (policy_table(l, &t, st->relation) < 0)
		return -1;
	if (!t) {
		rt_load__unmanaged(l, rt_load__statement_what(l));
		return 0;
	}
	if (need_policy(l, &p, t, st->subname) < 0)
		return -1;
	if (find_policy(l, t, st->newname))
		return rt_load__fail(
		    l, "policy '%s' for table '%s' already exists", st->newname,
		    t->name);
	rt_schema_rename(l->s, &p->obj, NULL,
			 rt_arena_strdup(l->a, st->newname));
	return 0;
}

void rt_load__drop_policies_on(ld *l, rt_table *t)
{
	for (size_t i = l->s->policies.len; i-- > 0;) {
		rt_policy *p = l->s->policies.items[i];
		if (p->owner == &t->obj)
			rt_schema_remove(l->s, &p->obj);
	}
}

void rt_load__policies_follow(ld *l, rt_table *t, renamer *r)
{
	for (size_t i = 0; i < l->s->policies.len; i++) {
		rt_policy *p = l->s->policies.items[i];
		if (p->owner != &t->obj)
			continue;
		p->table.schema = t->schema;
		p->table.name = t->name;
		if (!r)
			continue;
		rt_load__rename_expr(l, p->using_expr, r, false, rt_canon_expr);
		rt_load__rename_expr(l, p->check_expr, r, false, rt_canon_expr);
	}
}
