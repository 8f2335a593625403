/* SPDX-License-Identifier: MIT */
/*
 * GRANT and REVOKE: the privileges of roles other than the owner, on
 * tables (and views), columns, sequences, functions, schemas and types,
 * kept in each object's grants (sorted with rt_grant_cmp). The owner is
 * not known from a file: grants to CURRENT_USER / SESSION_USER are
 * ignored, and so is pg_dump's "REVOKE ALL ON x FROM owner; GRANT ALL ON
 * x TO owner" pair. Objects the model does not hold yet are named as
 * unmanaged ("privileges on function public.f(integer)").
 */
#include "base/common.h"
#include "load/load_sql_int.h"
#include "schema/kind.h"

#include <strings.h>

/* The privileges each kind takes, in the order ALL grants them. */
static const char *const table_privs[] = {"SELECT", "INSERT",	"UPDATE",
					  "DELETE", "TRUNCATE", "REFERENCES",
					  "TRIGGER"};
static const char *const column_privs[] = {"SELECT", "INSERT", "UPDATE",
					   "REFERENCES"};
static const char *const sequence_privs[] = {"USAGE", "SELECT", "UPDATE"};
static const char *const function_privs[] = {"EXECUTE"};
static const char *const schema_privs[] = {"USAGE", "CREATE"};
static const char *const type_privs[] = {"USAGE"};

typedef struct privset {
	const char *const *p;
	size_t n;
} privset;

#define PRIVSET(a) ((privset){a, RT_ARRAY_LEN(a)})

static privset privs_of(rt_kind k)
{
	switch (k) {
	case RT_KIND_TABLE:
	case RT_KIND_VIEW:
		return PRIVSET(table_privs);
	case RT_KIND_COLUMN:
		return PRIVSET(column_privs);
	case RT_KIND_SEQUENCE:
		return PRIVSET(sequence_privs);
	case RT_KIND_FUNCTION:
		return PRIVSET(function_privs);
	case RT_KIND_NAMESPACE:
		return PRIVSET(schema_privs);
	default:
		return PRIVSET(type_privs);
	}
}

/* The static spelling of privilege word (any case) in set, or NULL. */
static const char *priv_in(privset set, const char *word)
{
	for (size_t i = 0; i < set.n; i++)
		if (strcasecmp(set.p[i], word) == 0)
			return set.p[i];
	return NULL;
}

/* ---- one object's list ---- */

static rt_grant *new_grant(ld *l, const char *role, const char *priv,
			   bool option)
{
	rt_grant *g = RT_NEW(l->a, rt_grant);
	g->grantee = role;
	g->privilege = priv;
	g->grantable = option;
	return g;
}

/* GRANT priv TO role [WITH GRANT OPTION] on the object whose list is v.
 * Entries are never changed in place: the kinds' defaults are shared. */
static void grant_add(ld *l, rt_vec *v, const char *role, const char *priv,
		      bool option)
{
	for (size_t i = 0; i < v->len; i++) {
		const rt_grant *g = v->items[i];
		if (strcmp(g->grantee, role) != 0 ||
		    strcmp(g->privilege, priv) != 0)
			continue;
		if (option && !g->grantable)
			v->items[i] =
			    new_grant(l, g->grantee, g->privilege, true);
		return;
	}
	rt_vec_push(v, l->a, new_grant(l, role, priv, option));
	rt_vec_sort(v, rt_grant_cmp);
}

/* REVOKE [GRANT OPTION FOR] priv FROM role; true when role had it. */
static bool grant_remove(ld *l, rt_vec *v, const char *role, const char *priv,
			 bool option_only)
{
	for (size_t i = 0; i < v->len; i++) {
		const rt_grant *g = v->items[i];
		if (strcmp(g->grantee, role) != 0 ||
		    strcmp(g->privilege, priv) != 0)
			continue;
		if (!option_only)
			rt_vec_remove(v, i);
		else if (g->grantable)
			v->items[i] =
			    new_grant(l, g->grantee, g->privilege, false);
		return true;
	}
	return false;
}

/* ---- targets ---- */

/* What one GRANT names: a model object, or (o NULL) an unmanaged one. */
typedef struct target {
	rt_object *o;
	const char *what; /* unmanaged: "table public.v" */
	bool lenient;	  /* a sequence named as a TABLE: privileges it does
			   * not take are skipped, as PostgreSQL warns */
} target;

/* The unmanaged name of a function the model does not hold, by its
 * argument types ("function public.f(integer)"). */
static const char *function_by_args(ld *l, PgQuery__ObjectWithArgs *f,
				    const char *kind)
{
	return rt_arena_printf(l->scratch, "%s %s%s", kind,
			       rt_load__names_text(l, f->objname, f->n_objname),
			       rt_load__args_text(l, f->objargs, f->n_objargs));
}

/* The model's function named by f (any kind when want is 0), found as
 * DROP FUNCTION finds it. */
static rt_function *find_function(ld *l, PgQuery__ObjectWithArgs *f, char want)
{
	rt_function *fn = NULL;
	if (rt_load__find_function(l, &fn, f) < 0) {
		rt_error_clear(l->err); /* an ambiguous name: unmanaged */
		return NULL;
	}
	if (fn && want && (fn->prokind == 'p') != (want == 'p'))
		return NULL;
	return fn;
}

static rt_object *find_type(ld *l, const char *schema, const char *name)
{
	static const rt_kind kinds[] = {RT_KIND_ENUM, RT_KIND_DOMAIN,
					RT_KIND_COMPOSITE, RT_KIND_RANGE};
	for (size_t i = 0; i < RT_ARRAY_LEN(kinds); i++) {
		rt_object *o = rt_schema_find(l->s, kinds[i], schema, name);
		if (o)
			return o;
	}
	return NULL;
}

/* The word naming objects of type ot in unmanaged names. */
static const char *word_of(PgQuery__ObjectType ot)
{
	switch (ot) {
	case PG_QUERY__OBJECT_TYPE__OBJECT_DATABASE:
		return "database";
	case PG_QUERY__OBJECT_TYPE__OBJECT_LANGUAGE:
		return "language";
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABLESPACE:
		return "tablespace";
	case PG_QUERY__OBJECT_TYPE__OBJECT_LARGEOBJECT:
		return "large object";
	case PG_QUERY__OBJECT_TYPE__OBJECT_PARAMETER_ACL:
		return "parameter";
	case PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE:
		return "routine";
	default:
		return rt_load__objtype_word(ot);
	}
}

/* The target of object node n of a GRANT on objects of type ot. */
static target resolve(ld *l, PgQuery__ObjectType ot, Node *n)
{
	target t = {0};
	const char *word = word_of(ot);
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_RANGE_VAR: {
		rt_qname q = rt_load__rv_qname(l, n->range_var);
		rt_sequence *seq =
		    rt_schema_find_sequence(l->s, q.schema, q.name);
		if (ot == PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE) {
			t.o = seq ? &seq->obj : NULL;
		} else {
			rt_table *tb =
			    rt_schema_find_table(l->s, q.schema, q.name);
			rt_view *v =
			    tb ? NULL
			       : rt_schema_find_view(l->s, q.schema, q.name);
			t.o = tb ? &tb->obj : v ? &v->obj : NULL;
			if (!t.o && seq) {
				t.o = &seq->obj;
				t.lenient = true;
			}
		}
		if (!t.o)
			t.what = rt_arena_printf(l->scratch, "%s %s.%s", word,
						 q.schema, q.name);
		return t;
	}
	case PG_QUERY__NODE__NODE_OBJECT_WITH_ARGS: {
		PgQuery__ObjectWithArgs *f = n->object_with_args;
		char want = ot == PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE  ? 'p'
			    : ot == PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION ? 'f'
									   : 0;
		rt_function *fn = find_function(l, f, want);
		if (fn)
			t.o = &fn->obj;
		else
			t.what = function_by_args(l, f, word);
		return t;
	}
	case PG_QUERY__NODE__NODE_STRING:
		if (ot == PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA) {
			rt_namespace *ns =
			    rt_schema_find_namespace(l->s, str_of(n));
			t.o = ns ? &ns->obj : NULL;
		}
		if (!t.o)
			t.what = rt_arena_printf(l->scratch, "%s %s", word,
						 str_of(n));
		return t;
	case PG_QUERY__NODE__NODE_LIST:
	case PG_QUERY__NODE__NODE_TYPE_NAME: {
		rt_qname q;
		if (n->node_case == PG_QUERY__NODE__NODE_LIST)
			q = rt_load__names_qname(l, n->list->items,
						 n->list->n_items);
		else
			q = rt_load__names_qname(l, n->type_name->names,
						 n->type_name->n_names);
		if (ot == PG_QUERY__OBJECT_TYPE__OBJECT_TYPE ||
		    ot == PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN) {
			const char *schema =
			    rt_load__schema(l, q.schema, q.name, LOOK_TYPE);
			t.o = find_type(l, schema, q.name);
			if (!t.o)
				t.what = rt_arena_printf(l->scratch, "%s %s.%s",
							 word, schema, q.name);
			return t;
		}
		t.what = rt_arena_printf(l->scratch, "%s %s%s%s", word,
					 q.schema ? q.schema : "",
					 q.schema ? "." : "", q.name);
		return t;
	}
	default:
		t.what = rt_arena_printf(l->scratch, "%s ?", word);
		return t;
	}
}

/* ---- the statement ---- */

/* The grantee of RoleSpec node n in the model's arena; NULL for the
 * current role (the owner, as far as a file can tell). */
static const char *grantee_of(ld *l, const Node *n)
{
	const PgQuery__RoleSpec *r;
	if (n->node_case != PG_QUERY__NODE__NODE_ROLE_SPEC)
		return NULL;
	r = n->role_spec;
	switch (r->roletype) {
	case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_PUBLIC:
		return "PUBLIC";
	case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CSTRING:
		return rt_arena_strdup(l->a, r->rolename);
	default:
		return NULL;
	}
}

/* Remembers that REVOKE ALL took nothing from role on o: the first half
 * of pg_dump's owner pair. */
static void note_owner_revoke(ld *l, rt_object *o, const char *role)
{
	rt_vec_push(&l->owner_revokes, l->a, o);
	rt_vec_push(&l->owner_revokes, l->a, (void *)role);
}

/* true (and forgotten) when GRANT ALL to role on o follows such a
 * REVOKE. */
static bool take_owner_revoke(ld *l, rt_object *o, const char *role)
{
	for (size_t i = 0; i + 1 < l->owner_revokes.len; i += 2) {
		if (l->owner_revokes.items[i] != o ||
		    strcmp(l->owner_revokes.items[i + 1], role) != 0)
			continue;
		rt_vec_remove(&l->owner_revokes, i + 1);
		rt_vec_remove(&l->owner_revokes, i);
		return true;
	}
	return false;
}

/* Column privileges of AccessPriv p (with columns) on table tb. */
static int column_grants(ld *l, PgQuery__GrantStmt *g, rt_table *tb,
			 PgQuery__AccessPriv *p, const char *role)
{
	privset set = privs_of(RT_KIND_COLUMN);
	const char *one = NULL;
	if (!empty(p->priv_name)) {
		one = priv_in(set, p->priv_name);
		if (!one)
			return rt_load__fail(
			    l, "invalid privilege type %s for column",
			    p->priv_name);
	}
	for (size_t k = 0; k < p->n_cols; k++) {
		const char *name = str_of(p->cols[k]);
		rt_column *c = name ? rt_table_find_column(tb, name) : NULL;
		if (!c)
			return rt_load__fail(
			    l, "column '%s' of relation '%s.%s' does not exist",
			    name ? name : "?", tb->schema, tb->name);
		for (size_t i = 0; i < (one ? 1 : set.n); i++) {
			const char *priv = one ? one : set.p[i];
			if (g->is_grant)
				grant_add(l, &c->grants, role, priv,
					  g->grant_option);
			else
				grant_remove(l, &c->grants, role, priv,
					     g->grant_option);
		}
	}
	return 0;
}

/* The owner ALTER ... OWNER TO gave o, or NULL (unknown). */
static const char *owner_of(ld *l, const rt_object *o)
{
	for (size_t i = 0; i + 1 < l->owners.len; i += 2)
		if (l->owners.items[i] == o)
			return l->owners.items[i + 1];
	return NULL;
}

/* GRANT / REVOKE of g on target t to grantee role. */
static int apply(ld *l, PgQuery__GrantStmt *g, target t, const char *role)
{
	rt_kind k = t.o->kind;
	privset set = privs_of(k);
	bool all = g->n_privileges == 0, took = false;
	const char *owner = owner_of(l, t.o);

	/* the owner's own privileges are not listed */
	if (owner && strcmp(owner, role) == 0)
		return 0;
	if (all && g->is_grant && !g->grant_option &&
	    take_owner_revoke(l, t.o, role))
		return 0;
	for (size_t j = 0; j < (all ? set.n : g->n_privileges); j++) {
		const char *priv = all ? set.p[j] : NULL;
		if (!all) {
			PgQuery__AccessPriv *p = g->privileges[j]->access_priv;
			if (p->n_cols) {
				if (k != RT_KIND_TABLE) {
					rt_load__unmanaged(
					    l, rt_arena_printf(
						   l->scratch,
						   "privileges on %s %s.%s",
						   rt_kind_get(k)->name,
						   t.o->schema, t.o->name));
					continue;
				}
				if (column_grants(l, g, (rt_table *)t.o, p,
						  role) < 0)
					return -1;
				continue;
			}
			if (empty(p->priv_name)) {
				/* ALL among others cannot be written;
				 * treated as ALL */
				all = true;
				j = (size_t)-1;
				continue;
			}
			priv = priv_in(set, p->priv_name);
			if (!priv) {
				if (t.lenient)
					continue;
				return rt_load__fail(
				    l, "invalid privilege type %s for %s",
				    p->priv_name, rt_kind_get(k)->name);
			}
		}
		if (g->is_grant) {
			grant_add(l, &t.o->grants, role, priv, g->grant_option);
			continue;
		}
		took |=
		    grant_remove(l, &t.o->grants, role, priv, g->grant_option);
		/* a table's privilege goes from its columns too */
		if (k == RT_KIND_TABLE &&
		    priv_in(privs_of(RT_KIND_COLUMN), priv)) {
			rt_table *tb = (rt_table *)t.o;
			for (size_t c = 0; c < tb->columns.len; c++) {
				rt_column *col = tb->columns.items[c];
				took |= grant_remove(l, &col->grants, role,
						     priv, g->grant_option);
			}
		}
	}
	if (all && !g->is_grant && !g->grant_option && !took &&
	    strcmp(role, "PUBLIC") != 0)
		note_owner_revoke(l, t.o, role);
	return 0;
}

/* The objects of ON ALL TABLES / SEQUENCES / FUNCTIONS IN SCHEMA s. */
static void all_in_schema(ld *l, PgQuery__ObjectType ot, const char *schema,
			  rt_vec *out)
{
	const rt_vec *lists[2] = {NULL, NULL};
	switch (ot) {
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
		lists[0] = &l->s->tables;
		lists[1] = &l->s->views;
		break;
	case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
		lists[0] = &l->s->sequences;
		break;
	default:
		lists[0] = &l->s->functions;
		break;
	}
	for (size_t k = 0; k < 2 && lists[k]; k++) {
		for (size_t i = 0; i < lists[k]->len; i++) {
			rt_object *o = lists[k]->items[i];
			if (strcmp(o->schema, schema) != 0)
				continue;
			if (o->kind == RT_KIND_FUNCTION) {
				char pk = ((rt_function *)o)->prokind;
				if ((ot ==
					 PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE &&
				     pk != 'p') ||
				    (ot ==
					 PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION &&
				     pk == 'p'))
					continue;
			}
			rt_vec_push(out, l->scratch, o);
		}
	}
}

int rt_load__grant_stmt(ld *l, PgQuery__GrantStmt *g)
{
	rt_vec targets = {0};

	if (g->targtype ==
	    PG_QUERY__GRANT_TARGET_TYPE__ACL_TARGET_ALL_IN_SCHEMA) {
		for (size_t i = 0; i < g->n_objects; i++) {
			rt_vec objs = {0};
			const char *schema = str_of(g->objects[i]);
			if (!schema)
				continue;
			all_in_schema(l, g->objtype, schema, &objs);
			for (size_t j = 0; j < objs.len; j++) {
				target *t = RT_NEW(l->scratch, target);
				t->o = objs.items[j];
				rt_vec_push(&targets, l->scratch, t);
			}
			if (g->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE &&
			    g->objtype !=
				PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE)
				/* the functions the model does not hold */
				rt_load__unmanaged(
				    l, rt_arena_printf(
					   l->scratch,
					   "privileges on all %ss in schema %s",
					   word_of(g->objtype), schema));
		}
	} else if (g->targtype ==
		   PG_QUERY__GRANT_TARGET_TYPE__ACL_TARGET_OBJECT) {
		for (size_t i = 0; i < g->n_objects; i++) {
			target *t = RT_NEW(l->scratch, target);
			*t = resolve(l, g->objtype, g->objects[i]);
			rt_vec_push(&targets, l->scratch, t);
		}
	} else {
		rt_load__unmanaged(l, rt_load__statement_what(l));
		return 0;
	}
	for (size_t i = 0; i < targets.len; i++) {
		target *t = targets.items[i];
		if (!t->o) {
			rt_load__unmanaged(
			    l, rt_arena_printf(l->scratch, "privileges on %s",
					       t->what));
			continue;
		}
		for (size_t j = 0; j < g->n_grantees; j++) {
			const char *role = grantee_of(l, g->grantees[j]);
			if (role && apply(l, g, *t, role) < 0)
				return -1;
		}
	}
	return 0;
}

/* ---- owners ---- */

/* o's new owner is role (NULL: unknown): its privileges become the
 * owner's, which are not listed (PostgreSQL's aclnewowner merges them),
 * and later grants to it are ignored. */
static void set_owner(ld *l, rt_object *o, const char *role)
{
	bool found = false;
	for (size_t i = 0; i + 1 < l->owners.len; i += 2) {
		if (l->owners.items[i] != o)
			continue;
		l->owners.items[i + 1] = (void *)role;
		found = true;
	}
	if (!found) {
		rt_vec_push(&l->owners, l->a, o);
		rt_vec_push(&l->owners, l->a, (void *)role);
	}
	if (!role)
		return;
	for (size_t i = 0; i < o->grants.len;) {
		const rt_grant *g = o->grants.items[i];
		if (strcmp(g->grantee, role) == 0)
			rt_vec_remove(&o->grants, i);
		else
			i++;
	}
	if (o->kind != RT_KIND_TABLE)
		return;
	rt_table *t = (rt_table *)o;
	for (size_t c = 0; c < t->columns.len; c++) {
		rt_column *col = t->columns.items[c];
		for (size_t i = 0; i < col->grants.len;) {
			const rt_grant *g = col->grants.items[i];
			if (strcmp(g->grantee, role) == 0)
				rt_vec_remove(&col->grants, i);
			else
				i++;
		}
	}
}

/* The role an OWNER TO names, in the model's arena; NULL when it is the
 * current role (unknown in a file). */
static const char *owner_role(ld *l, const PgQuery__RoleSpec *r)
{
	if (!r || r->roletype != PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CSTRING)
		return NULL;
	return rt_arena_strdup(l->a, r->rolename);
}

void rt_load__alter_table_owner(ld *l, PgQuery__AlterTableStmt *st)
{
	for (size_t i = 0; i < st->n_cmds; i++) {
		PgQuery__AlterTableCmd *c = st->cmds[i]->alter_table_cmd;
		if (c->subtype != PG_QUERY__ALTER_TABLE_TYPE__AT_ChangeOwner)
			continue;
		target t =
		    resolve(l, st->objtype,
			    rt_load__wrap(l, PG_QUERY__NODE__NODE_RANGE_VAR,
					  st->relation));
		if (t.o)
			set_owner(l, t.o, owner_role(l, c->newowner));
	}
}

void rt_load__alter_owner(ld *l, PgQuery__AlterOwnerStmt *st)
{
	Node *obj = st->object;
	target t;
	if (st->relation)
		obj = rt_load__wrap(l, PG_QUERY__NODE__NODE_RANGE_VAR,
				    st->relation);
	if (!obj)
		return;
	t = resolve(l, st->object_type, obj);
	if (t.o)
		set_owner(l, t.o, owner_role(l, st->newowner));
}

void rt_load__schema_owner(ld *l, rt_namespace *ns, const PgQuery__RoleSpec *r)
{
	set_owner(l, &ns->obj, owner_role(l, r));
}

/* ---- default privileges ---- */

/* One ALTER DEFAULT PRIVILEGES of the current role (in the model's
 * arena). */
typedef struct defacl {
	PgQuery__ObjectType objtype; /* TABLE, SEQUENCE, FUNCTION, ... */
	bool is_grant, grant_option;
	rt_vec privs;	 /* const char *, upper case; empty: ALL */
	rt_vec grantees; /* const char * */
	rt_vec schemas;	 /* const char *; empty: every schema */
} defacl;

void rt_load__default_privileges(ld *l, PgQuery__AlterDefaultPrivilegesStmt *st)
{
	PgQuery__GrantStmt *g = st->action;
	defacl *d;
	if (!g)
		return;
	d = RT_NEW(l->a, defacl);
	for (size_t i = 0; i < st->n_options; i++) {
		const Node *o = st->options[i];
		const PgQuery__DefElem *e;
		if (o->node_case != PG_QUERY__NODE__NODE_DEF_ELEM)
			continue;
		e = o->def_elem;
		if (strcmp(e->defname, "roles") == 0)
			return; /* FOR ROLE: maybe not the current role */
		if (strcmp(e->defname, "schemas") == 0 && e->arg &&
		    e->arg->node_case == PG_QUERY__NODE__NODE_LIST)
			rt_load__str_list(l, &d->schemas, e->arg->list->items,
					  e->arg->list->n_items);
	}
	d->objtype = g->objtype;
	d->is_grant = g->is_grant;
	d->grant_option = g->grant_option;
	for (size_t i = 0; i < g->n_privileges; i++) {
		const PgQuery__AccessPriv *p = g->privileges[i]->access_priv;
		char *u;
		if (empty(p->priv_name)) {
			memset(&d->privs, 0, sizeof(d->privs));
			break;
		}
		u = rt_arena_strdup(l->a, p->priv_name);
		for (char *c = u; *c; c++)
			if (*c >= 'a' && *c <= 'z')
				*c = (char)(*c - 'a' + 'A');
		rt_vec_push(&d->privs, l->a, u);
	}
	for (size_t i = 0; i < g->n_grantees; i++) {
		const char *role = grantee_of(l, g->grantees[i]);
		if (role)
			rt_vec_push(&d->grantees, l->a, (void *)role);
	}
	rt_vec_push(&l->defacls, l->a, d);
}

/* true when default privileges d apply to a new object o. */
static bool defacl_covers(const defacl *d, const rt_object *o)
{
	bool kind;
	switch (d->objtype) {
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
		kind = o->kind == RT_KIND_TABLE || o->kind == RT_KIND_VIEW;
		break;
	case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
		kind = o->kind == RT_KIND_SEQUENCE;
		break;
	case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION:
	case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE:
		kind = o->kind == RT_KIND_FUNCTION;
		break;
	case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
		kind = o->kind == RT_KIND_ENUM || o->kind == RT_KIND_DOMAIN ||
		       o->kind == RT_KIND_COMPOSITE || o->kind == RT_KIND_RANGE;
		break;
	case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA:
		kind = o->kind == RT_KIND_NAMESPACE;
		break;
	default:
		kind = false;
		break;
	}
	if (!kind || !d->schemas.len)
		return kind;
	for (size_t i = 0; i < d->schemas.len; i++)
		if (strcmp(d->schemas.items[i], o->schema) == 0)
			return true;
	return false;
}

static void defacl_apply(ld *l, const defacl *d, rt_object *o)
{
	privset set = privs_of(o->kind);
	for (size_t r = 0; r < d->grantees.len; r++) {
		const char *role = d->grantees.items[r];
		size_t n = d->privs.len ? d->privs.len : set.n;
		for (size_t i = 0; i < n; i++) {
			const char *priv = priv_in(
			    set, d->privs.len ? d->privs.items[i] : set.p[i]);
			if (!priv)
				continue;
			if (d->is_grant)
				grant_add(l, &o->grants, role, priv,
					  d->grant_option);
			else
				grant_remove(l, &o->grants, role, priv,
					     d->grant_option);
		}
	}
}

void rt_load__default_privileges_apply(ld *l, uint32_t before)
{
	const rt_vec *lists[] = {
	    &l->s->namespaces, &l->s->tables,	  &l->s->views,
	    &l->s->sequences,  &l->s->functions,  &l->s->enums,
	    &l->s->domains,    &l->s->composites, &l->s->ranges};
	for (size_t k = 0; k < RT_ARRAY_LEN(lists); k++) {
		for (size_t i = 0; i < lists[k]->len; i++) {
			rt_object *o = lists[k]->items[i];
			if (o->id <= before)
				continue;
			for (size_t j = 0; j < l->defacls.len; j++) {
				const defacl *d = l->defacls.items[j];
				if (defacl_covers(d, o))
					defacl_apply(l, d, o);
			}
		}
	}
}
