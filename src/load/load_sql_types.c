/* SPDX-License-Identifier: MIT */
/*
 * The SQL loader's domains, composite and range types and rules: CREATE
 * DOMAIN / ALTER DOMAIN, CREATE TYPE ... AS (...) / AS RANGE, ALTER TYPE
 * on a composite type's attributes, CREATE RULE and its switches, and
 * the DROP, COMMENT, RENAME and SET SCHEMA of these objects. Both
 * loaders go through here: the live loader sends the statements the
 * server composes (load_pg_sql.c q_definitions).
 */
#include "base/common.h"
#include "load/load_sql_int.h"
#include "schema/canon.h"
#include "schema/kind.h"

#define NAMEDATALEN 64

static void place(ld *l, rt_object *o)
{
	if (l->exact)
		return;
	o->src_file = l->file;
	o->src_line = rt_load__src_line(l);
}

/* ---- finding types ---------------------------------------------------- */

static const rt_kind type_kinds[] = {RT_KIND_DOMAIN, RT_KIND_COMPOSITE,
				     RT_KIND_RANGE};

rt_object *rt_load__find_user_type(ld *l, const char *schema, const char *name)
{
	for (size_t i = 0; i < RT_ARRAY_LEN(type_kinds); i++) {
		rt_object *o =
		    rt_schema_find(l->s, type_kinds[i], schema, name);
		if (o)
			return o;
	}
	return NULL;
}

/* true when a type (of any kind, a table's row type included) is named
 * schema.name */
static bool type_taken(ld *l, const char *schema, const char *name)
{
	return rt_load__find_user_type(l, schema, name) ||
	       rt_schema_find_enum(l->s, schema, name) ||
	       rt_schema_find_table(l->s, schema, name) ||
	       rt_schema_find_view(l->s, schema, name);
}

/* The schema and name of a new type, its namespace checked. */
static int new_type_name(ld *l, rt_qname *q)
{
	q->schema = rt_load__schema(l, q->schema, NULL, LOOK_NEW);
	if (rt_load__need_namespace(l, q->schema) < 0)
		return -1;
	if (type_taken(l, q->schema, q->name))
		return rt_load__fail(l, "type '%s.%s' already exists",
				     q->schema, q->name);
	/* a shell type (CREATE TYPE name;) is now defined */
	rt_load__unmanaged_drop(
	    l, rt_arena_printf(l->scratch, "type %s.%s", q->schema, q->name),
	    false);
	return 0;
}

/* true when t names schema.name or an array of it */
static bool type_is(rt_type t, const char *schema, const char *name)
{
	size_t n = strlen(name);
	if (!t.schema || !t.name || strcmp(t.schema, schema) != 0 ||
	    strncmp(t.name, name, n) != 0)
		return false;
	return t.name[n] == '\0' || strcmp(t.name + n, "[]") == 0;
}

static void retype(ld *l, rt_type *t, const char *old_schema,
		   const char *old_name, const char *schema, const char *name)
{
	if (!type_is(*t, old_schema, old_name))
		return;
	bool arr = t->name[strlen(old_name)] == '[';
	t->schema = schema;
	t->name = arr ? rt_arena_printf(l->a, "%s[]", name) : name;
}

void rt_load__type_renamed(ld *l, const char *old_schema, const char *old_name,
			   const char *schema, const char *name)
{
	for (size_t i = 0; i < l->s->tables.len; i++) {
		rt_table *t = l->s->tables.items[i];
		for (size_t j = 0; j < t->columns.len; j++) {
			rt_column *c = t->columns.items[j];
			retype(l, &c->type, old_schema, old_name, schema, name);
		}
	}
	for (size_t i = 0; i < l->s->domains.len; i++) {
		rt_domain *d = l->s->domains.items[i];
		retype(l, &d->type, old_schema, old_name, schema, name);
	}
	for (size_t i = 0; i < l->s->composites.len; i++) {
		rt_composite *c = l->s->composites.items[i];
		for (size_t j = 0; j < c->attributes.len; j++) {
			rt_attribute *a = c->attributes.items[j];
			retype(l, &a->type, old_schema, old_name, schema, name);
		}
	}
	for (size_t i = 0; i < l->s->ranges.len; i++) {
		rt_range *r = l->s->ranges.items[i];
		retype(l, &r->subtype, old_schema, old_name, schema, name);
	}
}

/* A collation clause as the model keeps it: built-in ones in
 * pg_catalog, NULL name when none. */
static rt_qname collation_of(ld *l, const PgQuery__CollateClause *cc)
{
	rt_qname q = {NULL, NULL};
	if (!cc || !cc->n_collname)
		return q;
	q = rt_load__resolve_collation(l, cc->collname, cc->n_collname);
	if (q.name && !q.schema)
		q.schema = RT_CATALOG;
	return q;
}

/* A type's name with built-in types given their schema (the loaders
 * leave it NULL; columns get it in rt_schema_finish). */
static int resolve(ld *l, const PgQuery__TypeName *tn, rt_type *out)
{
	if (!tn)
		return rt_load__fail(l, "type name missing");
	if (rt_load__resolve_type(l, tn, out, NULL) < 0)
		return -1;
	if (!out->schema)
		out->schema = RT_CATALOG;
	return 0;
}

/* ---- domains ---------------------------------------------------------- */

static rt_domain_check *find_check(const rt_domain *d, const char *name)
{
	for (size_t i = 0; i < d->checks.len; i++) {
		rt_domain_check *k = d->checks.items[i];
		if (strcmp(k->name, name) == 0)
			return k;
	}
	return NULL;
}

static int check_cmp(const void *a, const void *b)
{
	const rt_domain_check *x = a, *y = b;
	return strcmp(x->name, y->name);
}

/* true when a constraint of the namespace (a table's or a domain's) is
 * named name: PostgreSQL's ConstraintNameExists */
static bool conname_taken(ld *l, const char *schema, const char *name)
{
	for (size_t i = 0; i < l->s->domains.len; i++) {
		rt_domain *d = l->s->domains.items[i];
		if (strcmp(d->schema, schema) == 0 && find_check(d, name))
			return true;
	}
	for (size_t i = 0; i < l->s->tables.len; i++) {
		rt_table *t = l->s->tables.items[i];
		if (strcmp(t->schema, schema) == 0 &&
		    rt_table_find_constraint(t, name))
			return true;
	}
	return false;
}

/* ChooseConstraintName(domain, NULL, "check", ...): <domain>_check,
 * then _check1, _check2 ... while the name is taken in the namespace
 * (or by d itself, not yet listed when it is being created). */
static const char *check_name(ld *l, const rt_domain *d)
{
	rt_buf b = RT_BUF_INIT;
	for (int pass = 0;; pass++) {
		char label[32];
		size_t n = strlen(d->name);
		snprintf(label, sizeof(label), pass ? "_check%d" : "_check",
			 pass);
		while (n + strlen(label) > NAMEDATALEN - 1)
			n--;
		while (n > 0 && ((unsigned char)d->name[n] & 0xC0) == 0x80)
			n--;
		rt_buf_reset(&b);
		rt_buf_add(&b, d->name, n);
		rt_buf_adds(&b, label);
		if (!find_check(d, b.data) &&
		    !conname_taken(l, d->schema, b.data))
			break;
	}
	return rt_buf_detach_arena(&b, l->a);
}

static int add_check(ld *l, rt_domain *d, const PgQuery__Constraint *c)
{
	rt_domain_check *k = RT_NEW(l->a, rt_domain_check);
	if (!c->raw_expr)
		return rt_load__fail(l, "CHECK constraint without expression");
	if (!empty(c->conname)) {
		if (find_check(d, c->conname))
			return rt_load__fail(l,
					     "constraint '%s' for domain "
					     "'%s' already exists",
					     c->conname, d->name);
		k->name = rt_arena_strdup(l->a, c->conname);
	} else {
		k->name = check_name(l, d);
	}
	if (rt_load__node_expr(l, &k->expr, c->raw_expr) < 0)
		return -1;
	k->not_valid = c->skip_validation;
	rt_vec_push(&d->checks, l->a, k);
	rt_vec_sort(&d->checks, check_cmp);
	return 0;
}

/* DEFAULT e (NULL or DEFAULT NULL: none), spelled as a column of the
 * base type would store it ('yes' on a boolean is true). */
static int set_default(ld *l, rt_domain *d, Node *e)
{
	rt_type base = d->type;
	d->default_expr = NULL;
	if (!e || rt_load__is_null(e))
		return 0;
	if (rt_is_catalog(base.schema))
		base.schema = NULL; /* the loaders' spelling of a built-in */
	return rt_load__default_expr(l, &d->default_expr, e, &base);
}

/* One constraint of CREATE DOMAIN or ALTER DOMAIN ADD. */
static int domain_constraint(ld *l, rt_domain *d, const PgQuery__Constraint *c)
{
	switch (c->contype) {
	case PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL:
		d->not_null = true;
		return 0;
	case PG_QUERY__CONSTR_TYPE__CONSTR_NULL:
		d->not_null = false;
		return 0;
	case PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT:
		return set_default(l, d, c->raw_expr);
	case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK:
		return add_check(l, d, c);
	default:
		return rt_load__fail(l, "unsupported constraint on domain '%s'",
				     d->name);
	}
}

int rt_load__create_domain(ld *l, PgQuery__CreateDomainStmt *st)
{
	rt_qname q = rt_load__names_qname(l, st->domainname, st->n_domainname);
	rt_type base;
	if (new_type_name(l, &q) < 0 || resolve(l, st->type_name, &base) < 0)
		return -1;
	rt_domain *d = RT_NEW(l->a, rt_domain);
	d->schema = q.schema;
	d->name = q.name;
	d->type = base;
	d->collation = collation_of(l, st->coll_clause);
	for (size_t i = 0; i < st->n_constraints; i++) {
		Node *n = st->constraints[i];
		if (n->node_case != PG_QUERY__NODE__NODE_CONSTRAINT)
			continue;
		if (domain_constraint(l, d, n->constraint) < 0)
			return -1;
	}
	place(l, &d->obj);
	rt_schema_add(l->s, RT_KIND_DOMAIN, &d->obj);
	return 0;
}

static rt_domain *lookup_domain(ld *l, Node **names, size_t n, bool missing_ok,
				int *rc)
{
	rt_qname q = rt_load__names_qname(l, names, n);
	q.schema = rt_load__schema(l, q.schema, q.name, LOOK_TYPE);
	rt_domain *d =
	    (rt_domain *)rt_schema_find(l->s, RT_KIND_DOMAIN, q.schema, q.name);
	*rc = 0;
	if (!d && !missing_ok)
		*rc = rt_load__fail(l, "domain '%s.%s' does not exist",
				    q.schema, q.name);
	return d;
}

int rt_load__alter_domain(ld *l, PgQuery__AlterDomainStmt *st)
{
	int rc;
	rt_domain *d = lookup_domain(l, st->type_name, st->n_type_name,
				     st->missing_ok, &rc);
	rt_domain_check *k;
	if (!d)
		return rc;
	switch (st->subtype ? st->subtype[0] : 0) {
	case 'T': /* SET DEFAULT / DROP DEFAULT */
		return set_default(l, d, st->def);
	case 'N':
		d->not_null = false;
		return 0;
	case 'O':
		d->not_null = true;
		return 0;
	case 'C':
		if (!st->def ||
		    st->def->node_case != PG_QUERY__NODE__NODE_CONSTRAINT)
			return rt_load__fail(l, "constraint missing");
		return domain_constraint(l, d, st->def->constraint);
	case 'X':
		for (size_t i = 0; i < d->checks.len; i++) {
			k = d->checks.items[i];
			if (strcmp(k->name, st->name) == 0) {
				rt_vec_remove(&d->checks, i);
				return 0;
			}
		}
		if (st->missing_ok)
			return 0;
		return rt_load__fail(l,
				     "constraint '%s' of domain '%s' does not "
				     "exist",
				     st->name, d->name);
	case 'V':
		k = find_check(d, st->name);
		if (!k)
			return rt_load__fail(l,
					     "constraint '%s' of domain '%s' "
					     "does not exist",
					     st->name, d->name);
		k->not_valid = false;
		return 0;
	default:
		return rt_load__fail(l, "unsupported ALTER DOMAIN");
	}
}

/* ---- composite types -------------------------------------------------- */

static rt_attribute *find_attr(const rt_composite *c, const char *name,
			       size_t *at)
{
	for (size_t i = 0; i < c->attributes.len; i++) {
		rt_attribute *a = c->attributes.items[i];
		if (strcmp(a->name, name) == 0) {
			if (at)
				*at = i;
			return a;
		}
	}
	return NULL;
}

static int attribute(ld *l, rt_composite *c, const PgQuery__ColumnDef *cd)
{
	rt_attribute *a = RT_NEW(l->a, rt_attribute);
	if (empty(cd->colname))
		return rt_load__fail(l, "attribute name missing");
	if (find_attr(c, cd->colname, NULL))
		return rt_load__fail(
		    l, "attribute '%s' specified more than once", cd->colname);
	a->name = rt_arena_strdup(l->a, cd->colname);
	if (resolve(l, cd->type_name, &a->type) < 0)
		return -1;
	a->collation = collation_of(l, cd->coll_clause);
	rt_vec_push(&c->attributes, l->a, a);
	return 0;
}

int rt_load__create_composite(ld *l, PgQuery__CompositeTypeStmt *st)
{
	rt_qname q = {nz(st->typevar->schemaname) ? st->typevar->schemaname
						  : NULL,
		      st->typevar->relname};
	if (new_type_name(l, &q) < 0)
		return -1;
	rt_composite *c = RT_NEW(l->a, rt_composite);
	c->schema = rt_arena_strdup(l->a, q.schema);
	c->name = rt_arena_strdup(l->a, q.name);
	for (size_t i = 0; i < st->n_coldeflist; i++) {
		Node *n = st->coldeflist[i];
		if (n->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF)
			continue;
		if (attribute(l, c, n->column_def) < 0)
			return -1;
	}
	place(l, &c->obj);
	rt_schema_add(l->s, RT_KIND_COMPOSITE, &c->obj);
	return 0;
}

/* ALTER TYPE t ADD / DROP / ALTER ATTRIBUTE (an AlterTableStmt). */
int rt_load__alter_composite(ld *l, PgQuery__AlterTableStmt *st)
{
	const PgQuery__RangeVar *rv = st->relation;
	const char *schema =
	    rt_load__schema(l, rv->schemaname, rv->relname, LOOK_TYPE);
	rt_composite *c = (rt_composite *)rt_schema_find(
	    l->s, RT_KIND_COMPOSITE, schema, rv->relname);
	if (!c) {
		if (st->missing_ok)
			return 0;
		return rt_load__fail(l, "composite type '%s.%s' does not exist",
				     schema, rv->relname);
	}
	for (size_t i = 0; i < st->n_cmds; i++) {
		PgQuery__AlterTableCmd *cmd = st->cmds[i]->alter_table_cmd;
		rt_attribute *a;
		size_t at;
		switch (cmd->subtype) {
		case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn:
			if (!cmd->def || cmd->def->node_case !=
					     PG_QUERY__NODE__NODE_COLUMN_DEF)
				return rt_load__fail(l, "attribute missing");
			if (attribute(l, c, cmd->def->column_def) < 0)
				return -1;
			break;
		case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn:
			a = find_attr(c, cmd->name, &at);
			if (!a) {
				if (cmd->missing_ok)
					break;
				return rt_load__fail(
				    l,
				    "attribute '%s' of type '%s' does not "
				    "exist",
				    cmd->name, c->name);
			}
			rt_vec_remove(&c->attributes, at);
			break;
		case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType: {
			const PgQuery__ColumnDef *cd =
			    cmd->def && cmd->def->node_case ==
					    PG_QUERY__NODE__NODE_COLUMN_DEF
				? cmd->def->column_def
				: NULL;
			a = find_attr(c, cmd->name, NULL);
			if (!a || !cd)
				return rt_load__fail(
				    l,
				    "attribute '%s' of type '%s' does not "
				    "exist",
				    cmd->name, c->name);
			if (resolve(l, cd->type_name, &a->type) < 0)
				return -1;
			a->collation = collation_of(l, cd->coll_clause);
			break;
		}
		case PG_QUERY__ALTER_TABLE_TYPE__AT_ChangeOwner:
			break;
		default:
			return rt_load__fail(l,
					     "unsupported ALTER TYPE on "
					     "composite type '%s'",
					     c->name);
		}
	}
	return 0;
}

/* ---- range types ------------------------------------------------------ */

/* A DefElem argument naming an object: a TypeName (qualified or not) or
 * a String. */
static rt_qname def_qname(ld *l, const Node *n)
{
	rt_qname q = {NULL, NULL};
	if (n && n->node_case == PG_QUERY__NODE__NODE_TYPE_NAME)
		return rt_load__names_qname(l, n->type_name->names,
					    n->type_name->n_names);
	if (n && n->node_case == PG_QUERY__NODE__NODE_LIST)
		return rt_load__list_qname(l, n);
	const char *s = rt_load__defarg_str(l, n);
	if (s)
		q.name = rt_arena_strdup(l->a, s);
	return q;
}

/* The schema of an unqualified function name: the first schema of the
 * path that has a function of that name (managed or not), else
 * pg_catalog (float8mi, int4range_canonical). */
static const char *function_schema(ld *l, const char *name)
{
	const char *path[16];
	size_t np = 0;
	if (l->path_set)
		for (size_t i = 0; i < l->path.len && np < 16; i++)
			path[np++] = l->path.items[i];
	else
		path[np++] = RT_PUBLIC;
	for (size_t p = 0; p < np; p++) {
		for (size_t i = 0; i < l->s->functions.len; i++) {
			rt_function *f = l->s->functions.items[i];
			if (strcmp(f->schema, path[p]) == 0 &&
			    rt_streq(f->proname, name))
				return path[p];
		}
		const char *pre = rt_arena_printf(l->scratch, "function %s.%s(",
						  path[p], name);
		for (size_t i = 0; i < l->s->unmanaged.len; i++) {
			rt_unmanaged *u = l->s->unmanaged.items[i];
			if (strncmp(u->what, pre, strlen(pre)) == 0)
				return path[p];
		}
	}
	return RT_CATALOG;
}

/* A collation named by a DefElem: unqualified, the path's one when
 * the model has it, else a built-in one. */
static rt_qname collation_ref(ld *l, const Node *n)
{
	rt_qname q = def_qname(l, n);
	if (q.name && !q.schema) {
		const char *s = rt_load__schema(l, NULL, q.name, LOOK_COLL);
		q.schema =
		    rt_schema_find_collation(l->s, s, q.name) ? s : RT_CATALOG;
	}
	return q;
}

static rt_qname function_ref(ld *l, const Node *n)
{
	rt_qname q = def_qname(l, n);
	if (q.name && !q.schema)
		q.schema = function_schema(l, q.name);
	return q;
}

/* makeMultirangeTypeName: the first "range" of the name becomes
 * "multirange", else "_multirange" is appended (cut to fit). */
static const char *default_multirange(ld *l, const char *name)
{
	const char *p = strstr(name, "range");
	rt_buf b = RT_BUF_INIT;
	if (p) {
		rt_buf_add(&b, name, (size_t)(p - name));
		rt_buf_adds(&b, "multirange");
		rt_buf_adds(&b, p + 5);
	} else {
		rt_buf_adds(&b, name);
		rt_buf_adds(&b, "_multirange");
	}
	if (b.len > NAMEDATALEN - 1)
		b.data[NAMEDATALEN - 1] = '\0';
	return rt_buf_detach_arena(&b, l->a);
}

int rt_load__create_range(ld *l, PgQuery__CreateRangeStmt *st)
{
	rt_qname q = rt_load__names_qname(l, st->type_name, st->n_type_name);
	rt_qname mr = {NULL, NULL};
	bool subtype = false;
	if (new_type_name(l, &q) < 0)
		return -1;
	rt_range *r = RT_NEW(l->a, rt_range);
	r->schema = q.schema;
	r->name = q.name;
	for (size_t i = 0; i < st->n_params; i++) {
		Node *n = st->params[i];
		if (n->node_case != PG_QUERY__NODE__NODE_DEF_ELEM)
			continue;
		PgQuery__DefElem *d = n->def_elem;
		const char *k = d->defname;
		if (strcmp(k, "subtype") == 0) {
			if (!d->arg ||
			    d->arg->node_case != PG_QUERY__NODE__NODE_TYPE_NAME)
				return rt_load__fail(l, "subtype missing");
			if (resolve(l, d->arg->type_name, &r->subtype) < 0)
				return -1;
			subtype = true;
		} else if (strcmp(k, "subtype_opclass") == 0) {
			r->opclass = def_qname(l, d->arg);
			if (r->opclass.name && !r->opclass.schema)
				r->opclass.schema = RT_CATALOG;
		} else if (strcmp(k, "collation") == 0) {
			r->collation = collation_ref(l, d->arg);
		} else if (strcmp(k, "canonical") == 0) {
			r->canonical = function_ref(l, d->arg);
		} else if (strcmp(k, "subtype_diff") == 0) {
			r->subtype_diff = function_ref(l, d->arg);
		} else if (strcmp(k, "multirange_type_name") == 0) {
			mr = def_qname(l, d->arg);
		} else {
			return rt_load__fail(l,
					     "type attribute '%s' not "
					     "recognized",
					     k);
		}
	}
	if (!subtype)
		return rt_load__fail(l, "type attribute 'subtype' is required");
	if (mr.name) {
		const char *ms = mr.schema ? mr.schema : r->schema;
		if (strcmp(ms, r->schema) != 0)
			return rt_load__fail(l,
					     "multirange type '%s.%s' outside "
					     "its range type's schema is not "
					     "supported",
					     ms, mr.name);
		if (strcmp(mr.name, default_multirange(l, r->name)) != 0)
			r->multirange = mr.name;
	}
	place(l, &r->obj);
	rt_schema_add(l->s, RT_KIND_RANGE, &r->obj);
	return 0;
}

/* ---- DROP, COMMENT, RENAME, SET SCHEMA of types ------------------------ */

/* Columns and types that use schema.name: an error without cascade,
 * dropped (columns, attributes) or dropped in turn (domains, ranges)
 * with it. */
static int drop_dependents(ld *l, const char *schema, const char *name,
			   bool cascade);

static int dependent_fail(ld *l, const char *schema, const char *name)
{
	return rt_load__fail(l,
			     "cannot drop type '%s.%s' because other objects "
			     "depend on it",
			     schema, name);
}

static int drop_type_object(ld *l, rt_object *o, bool cascade)
{
	const char *schema = o->schema, *name = o->name;
	rt_schema_remove(l->s, o);
	return drop_dependents(l, schema, name, cascade);
}

static int drop_dependents(ld *l, const char *schema, const char *name,
			   bool cascade)
{
	for (size_t i = 0; i < l->s->tables.len; i++) {
		rt_table *t = l->s->tables.items[i];
		for (size_t j = 0; j < t->columns.len;) {
			rt_column *c = t->columns.items[j];
			if (!type_is(c->type, schema, name)) {
				j++;
				continue;
			}
			if (!cascade)
				return dependent_fail(l, schema, name);
			if (c->is_local && c->inhcount == 0) {
				if (rt_load__drop_column(l, t, c->name, true,
							 true, false) < 0)
					return -1;
			} else {
				j++; /* goes with its parent's column */
			}
		}
	}
	for (size_t i = 0; i < l->s->composites.len; i++) {
		rt_composite *c = l->s->composites.items[i];
		for (size_t j = 0; j < c->attributes.len;) {
			rt_attribute *a = c->attributes.items[j];
			if (!type_is(a->type, schema, name)) {
				j++;
				continue;
			}
			if (!cascade)
				return dependent_fail(l, schema, name);
			rt_vec_remove(&c->attributes, j);
		}
	}
	for (size_t i = 0; i < l->s->domains.len; i++) {
		rt_domain *d = l->s->domains.items[i];
		if (!type_is(d->type, schema, name))
			continue;
		if (!cascade)
			return dependent_fail(l, schema, name);
		return drop_type_object(l, &d->obj, true) < 0
			   ? -1
			   : drop_dependents(l, schema, name, true);
	}
	for (size_t i = 0; i < l->s->ranges.len; i++) {
		rt_range *r = l->s->ranges.items[i];
		if (!type_is(r->subtype, schema, name))
			continue;
		if (!cascade)
			return dependent_fail(l, schema, name);
		return drop_type_object(l, &r->obj, true) < 0
			   ? -1
			   : drop_dependents(l, schema, name, true);
	}
	return 0;
}

int rt_load__drop_user_type(ld *l, const char *schema, const char *name,
			    bool domain, bool cascade)
{
	rt_object *o = rt_load__find_user_type(l, schema, name);
	if (!o)
		return 0;
	if (domain && o->kind != RT_KIND_DOMAIN)
		return rt_load__fail(l, "'%s.%s' is not a domain", schema,
				     name);
	if (drop_dependents(l, schema, name, cascade) < 0)
		return -1;
	rt_schema_remove(l->s, o);
	return 1;
}

bool rt_load__comment_user_type(ld *l, const char *schema, const char *name,
				const char *text)
{
	rt_object *o = rt_load__find_user_type(l, schema, name);
	if (o)
		o->comment = text;
	return o != NULL;
}

int rt_load__rename_user_type(ld *l, rt_object *o, const char *schema,
			      const char *name)
{
	const char *os = o->schema, *on = o->name;
	const char *ns = schema ? rt_arena_strdup(l->a, schema) : os;
	const char *nn = rt_arena_strdup(l->a, name);
	if (type_taken(l, ns, nn))
		return rt_load__fail(l, "type '%s.%s' already exists", ns, nn);
	if (schema && rt_load__need_namespace(l, ns) < 0)
		return -1;
	rt_schema_rename(l->s, o, schema ? ns : NULL, nn);
	rt_load__type_renamed(l, os, on, ns, nn);
	return 0;
}

/* RENAME CONSTRAINT of a domain, RENAME ATTRIBUTE of a composite type. */
int rt_load__rename_type_member(ld *l, PgQuery__RenameStmt *st)
{
	if (st->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_DOMCONSTRAINT) {
		int rc;
		Node *obj = st->object;
		if (!obj || obj->node_case != PG_QUERY__NODE__NODE_LIST)
			return rt_load__fail(l, "domain name missing");
		rt_domain *d =
		    lookup_domain(l, obj->list->items, obj->list->n_items,
				  st->missing_ok, &rc);
		if (!d)
			return rc;
		rt_domain_check *k = find_check(d, st->subname);
		if (!k)
			return rt_load__fail(l,
					     "constraint '%s' of domain '%s' "
					     "does not exist",
					     st->subname, d->name);
		if (find_check(d, st->newname))
			return rt_load__fail(l,
					     "constraint '%s' for domain '%s' "
					     "already exists",
					     st->newname, d->name);
		k->name = rt_arena_strdup(l->a, st->newname);
		rt_vec_sort(&d->checks, check_cmp);
		return 0;
	}
	/* ALTER TYPE t RENAME ATTRIBUTE a TO b */
	const PgQuery__RangeVar *rv = st->relation;
	const char *schema =
	    rt_load__schema(l, rv->schemaname, rv->relname, LOOK_TYPE);
	rt_composite *c = (rt_composite *)rt_schema_find(
	    l->s, RT_KIND_COMPOSITE, schema, rv->relname);
	if (!c)
		return rt_load__fail(l, "composite type '%s.%s' does not exist",
				     schema, rv->relname);
	rt_attribute *a = find_attr(c, st->subname, NULL);
	if (!a)
		return rt_load__fail(l,
				     "attribute '%s' of type '%s' does not "
				     "exist",
				     st->subname, c->name);
	if (find_attr(c, st->newname, NULL))
		return rt_load__fail(l,
				     "attribute '%s' of type '%s' already "
				     "exists",
				     st->newname, c->name);
	a->name = rt_arena_strdup(l->a, st->newname);
	return 0;
}

void rt_load__types_schema_renamed(ld *l, const char *old, const char *nn)
{
	rt_vec *lists[] = {&l->s->domains, &l->s->composites, &l->s->ranges};
	for (size_t k = 0; k < RT_ARRAY_LEN(lists); k++)
		for (size_t i = 0; i < lists[k]->len; i++) {
			rt_object *o = lists[k]->items[i];
			if (strcmp(o->schema, old) == 0)
				rt_schema_rename(l->s, o, nn, o->name);
		}
	for (size_t i = 0; i < l->s->domains.len; i++) {
		rt_domain *d = l->s->domains.items[i];
		if (rt_streq(d->type.schema, old))
			d->type.schema = nn;
	}
	for (size_t i = 0; i < l->s->composites.len; i++) {
		rt_composite *c = l->s->composites.items[i];
		for (size_t j = 0; j < c->attributes.len; j++) {
			rt_attribute *a = c->attributes.items[j];
			if (rt_streq(a->type.schema, old))
				a->type.schema = nn;
		}
	}
	for (size_t i = 0; i < l->s->ranges.len; i++) {
		rt_range *r = l->s->ranges.items[i];
		if (rt_streq(r->subtype.schema, old))
			r->subtype.schema = nn;
	}
}

int rt_load__types_schema_dropped(ld *l, const char *schema, bool cascade)
{
	rt_vec *lists[] = {&l->s->ranges, &l->s->composites, &l->s->domains};
	for (size_t k = 0; k < RT_ARRAY_LEN(lists); k++)
		for (size_t i = 0; i < lists[k]->len;) {
			rt_object *o = lists[k]->items[i];
			if (strcmp(o->schema, schema) != 0) {
				i++;
				continue;
			}
			if (!cascade)
				return rt_load__fail(l,
						     "cannot drop schema '%s' "
						     "because other objects "
						     "depend on it",
						     schema);
			rt_schema_remove(l->s, o);
		}
	return 0;
}

/* ---- rules ------------------------------------------------------------ */

/* new.* / old.* (a ColumnRef) of a rule on t: pg_get_ruledef prints
 * one target per column of t. Returns the number of targets written to
 * out (NULL: counts only), 0 when r is not such a star. */
static size_t star_targets(ld *l, const PgQuery__ResTarget *r,
			   const rt_table *t, Node **out)
{
	const Node *v = r ? r->val : NULL;
	if (!v || v->node_case != PG_QUERY__NODE__NODE_COLUMN_REF || !t)
		return 0;
	const PgQuery__ColumnRef *c = v->column_ref;
	const char *rel = c->n_fields == 2 ? str_of(c->fields[0]) : NULL;
	if (!rel || (strcmp(rel, "new") != 0 && strcmp(rel, "old") != 0) ||
	    c->fields[1]->node_case != PG_QUERY__NODE__NODE_A_STAR)
		return 0;
	for (size_t i = 0; out && i < t->columns.len; i++) {
		const rt_column *col = t->columns.items[i];
		PgQuery__String *s1 = rt_arena_alloc(l->scratch, sizeof(*s1));
		PgQuery__String *s2 = rt_arena_alloc(l->scratch, sizeof(*s2));
		PgQuery__ColumnRef *ref =
		    rt_arena_alloc(l->scratch, sizeof(*ref));
		PgQuery__ResTarget *rt =
		    rt_arena_alloc(l->scratch, sizeof(*rt));
		pg_query__string__init(s1);
		pg_query__string__init(s2);
		pg_query__column_ref__init(ref);
		pg_query__res_target__init(rt);
		s1->sval = (char *)rel;
		s2->sval = (char *)col->name;
		ref->n_fields = 2;
		ref->fields = rt_arena_alloc(l->scratch, 2 * sizeof(Node *));
		ref->fields[0] =
		    rt_load__wrap(l, PG_QUERY__NODE__NODE_STRING, s1);
		ref->fields[1] =
		    rt_load__wrap(l, PG_QUERY__NODE__NODE_STRING, s2);
		ref->location = -1;
		rt->val =
		    rt_load__wrap(l, PG_QUERY__NODE__NODE_COLUMN_REF, ref);
		rt->location = -1;
		out[i] = rt_load__wrap(l, PG_QUERY__NODE__NODE_RES_TARGET, rt);
	}
	return t->columns.len;
}

/* true for a target that is a star (*, x.*) or not a target at all */
static bool is_star(const PgQuery__ResTarget *r)
{
	const Node *v = r ? r->val : NULL;
	if (!v)
		return true;
	if (v->node_case != PG_QUERY__NODE__NODE_COLUMN_REF)
		return false;
	const PgQuery__ColumnRef *c = v->column_ref;
	return c->n_fields && c->fields[c->n_fields - 1]->node_case ==
				  PG_QUERY__NODE__NODE_A_STAR;
}

/* SELECT new.*, ...: the stars expanded (owner: the rule's table). */
static void expand_stars(ld *l, PgQuery__SelectStmt *sel, const rt_table *owner)
{
	size_t n = 0;
	bool any = false;
	for (size_t i = 0; i < sel->n_target_list; i++) {
		size_t k = star_targets(l, sel->target_list[i]->res_target,
					owner, NULL);
		any |= k > 0;
		n += k ? k : 1;
	}
	if (!any)
		return;
	Node **v = rt_arena_alloc(l->scratch, n * sizeof(Node *));
	size_t at = 0;
	for (size_t i = 0; i < sel->n_target_list; i++) {
		size_t k = star_targets(l, sel->target_list[i]->res_target,
					owner, v + at);
		if (!k)
			v[at++] = sel->target_list[i];
		else
			at += k;
	}
	sel->target_list = v;
	sel->n_target_list = n;
}

/* INSERT INTO t VALUES (...) without a column list: pg_get_ruledef
 * prints the columns it fills (the first ones of t), so the model's
 * text names them too (and new.* / old.* as their columns). */
static void insert_columns(ld *l, PgQuery__InsertStmt *ins,
			   const rt_object *rel)
{
	const PgQuery__RangeVar *rv = ins->relation;
	const rt_table *owner =
	    rel->kind == RT_KIND_TABLE ? (const rt_table *)rel : NULL;
	size_t n = 0;
	if (!rv || !ins->select_stmt ||
	    ins->select_stmt->node_case != PG_QUERY__NODE__NODE_SELECT_STMT)
		return;
	PgQuery__SelectStmt *sel = ins->select_stmt->select_stmt;
	if (!sel->n_values_lists)
		expand_stars(l, sel, owner);
	if (ins->n_cols)
		return;
	if (sel->n_values_lists) {
		Node *first = sel->values_lists[0];
		if (first->node_case == PG_QUERY__NODE__NODE_LIST)
			n = first->list->n_items;
	} else {
		for (size_t i = 0; i < sel->n_target_list; i++)
			if (is_star(sel->target_list[i]->res_target))
				return; /* a star left: unknown width */
		n = sel->n_target_list;
	}
	rt_table *t = rt_schema_find_table(
	    l->s, rt_load__schema(l, rv->schemaname, rv->relname, LOOK_REL),
	    rv->relname);
	if (!t || n == 0 || n > t->columns.len)
		return;
	ins->cols = rt_arena_alloc(l->scratch, n * sizeof(Node *));
	for (size_t i = 0; i < n; i++) {
		rt_column *c = t->columns.items[i];
		PgQuery__ResTarget *r = rt_arena_alloc(l->scratch, sizeof(*r));
		pg_query__res_target__init(r);
		r->name = (char *)c->name;
		r->location = -1;
		ins->cols[i] =
		    rt_load__wrap(l, PG_QUERY__NODE__NODE_RES_TARGET, r);
	}
	ins->n_cols = n;
}

int rt_load__create_rule(ld *l, Node *n)
{
	PgQuery__RuleStmt *st = n->rule_stmt;
	PgQuery__RangeVar *rv = st->relation;
	const char *schema =
	    rt_load__schema(l, rv->schemaname, rv->relname, LOOK_REL);
	rt_object *rel = rt_schema_find_relation(l->s, schema, rv->relname);
	if (!rel) {
		if (rt_load__other_relation(l, rv)) {
			rt_load__unmanaged(
			    l,
			    rt_arena_printf(l->scratch, "rule %s on %s.%s",
					    st->rulename, schema, rv->relname));
			return 0;
		}
		return rt_load__fail(l, "relation '%s.%s' does not exist",
				     schema, rv->relname);
	}
	rt_rule *r = (rt_rule *)rt_schema_find_on(l->s, RT_KIND_RULE, schema,
						  rv->relname, st->rulename);
	if (r && !st->replace)
		return rt_load__fail(l,
				     "rule '%s' for relation '%s' already "
				     "exists",
				     st->rulename, rv->relname);
	for (size_t i = 0; i < st->n_actions; i++)
		if (st->actions[i]->node_case ==
		    PG_QUERY__NODE__NODE_INSERT_STMT)
			insert_columns(l, st->actions[i]->insert_stmt, rel);
	/* the text names its relation with its schema: it is rendered
	 * whatever the search_path */
	rv->schemaname = (char *)schema;
	st->replace = false;
	const char *text = rt_load__deparse(l, n);
	const char *key = NULL;
	if (!text)
		return -1;
	if (rt_canon_rule(&key, l->a, text, l->err) < 0)
		return rt_load__failed_here(l);
	if (!r) {
		r = rt_schema_new_object(l->s, RT_KIND_RULE, schema,
					 st->rulename, rel);
		r->enabled = 'O';
		place(l, &r->obj);
	}
	r->table.schema = rel->schema;
	r->table.name = rel->name;
	r->def = RT_NEW(l->a, rt_expr);
	r->def->text = text;
	r->def->key = key;
	return 0;
}

int rt_load__rule_enable(ld *l, rt_table *t, const char *name, char enabled)
{
	rt_rule *r = (rt_rule *)rt_schema_find_on(l->s, RT_KIND_RULE, t->schema,
						  t->name, name);
	if (!r)
		return rt_load__fail(l,
				     "rule '%s' for table '%s' does not exist",
				     name, t->name);
	r->enabled = enabled;
	return 0;
}

/* The rule a (relation, rule) name list names, or NULL. */
static rt_rule *rule_of(ld *l, const Node *obj)
{
	if (!obj || obj->node_case != PG_QUERY__NODE__NODE_LIST ||
	    obj->list->n_items < 2)
		return NULL;
	PgQuery__List *lst = obj->list;
	rt_qname t = rt_load__names_qname(l, lst->items, lst->n_items - 1);
	const char *schema = rt_load__schema(l, t.schema, t.name, LOOK_REL);
	return (rt_rule *)rt_schema_find_on(
	    l->s, RT_KIND_RULE, schema, t.name,
	    str_of(lst->items[lst->n_items - 1]));
}

bool rt_load__drop_rule(ld *l, const Node *obj)
{
	rt_rule *r = rule_of(l, obj);
	if (r)
		rt_schema_remove(l->s, &r->obj);
	return r != NULL;
}

bool rt_load__comment_rule(ld *l, const Node *obj, const char *text)
{
	rt_rule *r = rule_of(l, obj);
	if (r)
		r->comment = text;
	return r != NULL;
}

int rt_load__rename_rule(ld *l, PgQuery__RenameStmt *st)
{
	const char *schema = rt_load__schema(l, st->relation->schemaname,
					     st->relation->relname, LOOK_REL);
	rt_rule *r = (rt_rule *)rt_schema_find_on(
	    l->s, RT_KIND_RULE, schema, st->relation->relname, st->subname);
	if (!r) {
		rt_load__unmanaged(l, "statement ALTER RULE RENAME");
		return 0;
	}
	if (rt_schema_find_on(l->s, RT_KIND_RULE, schema, st->relation->relname,
			      st->newname))
		return rt_load__fail(l,
				     "rule '%s' for relation '%s' already "
				     "exists",
				     st->newname, st->relation->relname);
	rt_schema_rename(l->s, &r->obj, NULL,
			 rt_arena_strdup(l->a, st->newname));
	/* the text renders the rule: it takes the new name */
	PgQuery__ParseResult *pr = rt_load__reparse(l, r->def->text);
	if (pr && pr->n_stmts == 1 &&
	    pr->stmts[0]->stmt->node_case == PG_QUERY__NODE__NODE_RULE_STMT) {
		pr->stmts[0]->stmt->rule_stmt->rulename = (char *)r->name;
		const char *text = rt_load__deparse(l, pr->stmts[0]->stmt);
		if (!text)
			return -1;
		r->def->text = text;
		r->def->refs = NULL;
	}
	return 0;
}

void rt_load__rules_table_renamed(ld *l, const char *old_schema,
				  const char *old_name, const rt_table *t)
{
	renamer r = {NULL, NULL, old_schema, old_name, t->schema, t->name};
	for (size_t i = 0; i < l->s->rules.len; i++) {
		rt_rule *u = l->s->rules.items[i];
		rt_load__rename_expr(l, u->def, &r, true, rt_canon_rule);
	}
}

void rt_load__rules_column_renamed(ld *l, const rt_table *t, const char *old,
				   const char *new_name)
{
	renamer r = {old, new_name, NULL, NULL, NULL, NULL};
	for (size_t i = 0; i < l->s->rules.len; i++) {
		rt_rule *u = l->s->rules.items[i];
		if (u->owner == &t->obj)
			rt_load__rename_expr(l, u->def, &r, true,
					     rt_canon_rule);
	}
}
