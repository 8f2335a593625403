/* SPDX-License-Identifier: MIT */
/*
 * SQL loader: triggers (rt_trigger) on tables and views. CREATE [OR
 * REPLACE] [CONSTRAINT] TRIGGER keeps the statement as deparsed (the
 * table and function qualified, so the text means the same whatever the
 * search_path) and its canonical key without the name (rt_canon_trigger);
 * DROP TRIGGER, ALTER TRIGGER ... RENAME, ALTER TABLE ... ENABLE /
 * DISABLE TRIGGER and COMMENT ON TRIGGER act on it. The live loader
 * feeds pg_get_triggerdef's text through the same code.
 */
#include "base/common.h"
#include "base/buf.h"
#include "load/load_sql_int.h"
#include "schema/canon.h"

/* Puts the function a trigger executes under its schema when the model
 * has it (schema.name()), so the stored text does not depend on the
 * search_path. */
static void qualify_function(ld *l, PgQuery__CreateTrigStmt *st)
{
	PgQuery__ObjectWithArgs owa = PG_QUERY__OBJECT_WITH_ARGS__INIT;
	rt_function *f = NULL;
	owa.n_objname = st->n_funcname;
	owa.objname = st->funcname;
	if (st->n_funcname != 1 || rt_load__find_function(l, &f, &owa) < 0 ||
	    !f) {
		rt_error_clear(l->err);
		return;
	}
	PgQuery__String *s = rt_arena_alloc(l->scratch, sizeof(*s));
	Node **names = rt_arena_alloc(l->scratch, 2 * sizeof(Node *));
	pg_query__string__init(s);
	s->sval = (char *)f->schema;
	names[0] = rt_load__wrap(l, PG_QUERY__NODE__NODE_STRING, s);
	names[1] = st->funcname[0];
	st->funcname = names;
	st->n_funcname = 2;
}

/* The statement's text and key, for trigger name. */
static int make_def(ld *l, rt_expr **out, PgQuery__CreateTrigStmt *st)
{
	rt_expr *e = RT_NEW(l->a, rt_expr);
	st->replace = false;
	e->text = rt_load__deparse(
	    l, rt_load__wrap(l, PG_QUERY__NODE__NODE_CREATE_TRIG_STMT, st));
	if (!e->text)
		return -1;
	if (rt_canon_trigger(&e->key, l->a, e->text, l->err) < 0)
		return rt_load__failed_here(l);
	*out = e;
	return 0;
}

/* true when rv names a view, materialized view or foreign table the
 * model does not hold (its triggers stay unmanaged too). */
static bool unmanaged_relation(ld *l, const char *schema, const char *name)
{
	static const char *const words[] = {"view", "materialized view",
					    "foreign table"};
	for (size_t k = 0; k < RT_ARRAY_LEN(words); k++) {
		const char *what = rt_arena_printf(l->scratch, "%s %s.%s",
						   words[k], schema, name);
		for (size_t i = 0; i < l->s->unmanaged.len; i++) {
			rt_unmanaged *u = l->s->unmanaged.items[i];
			if (strcmp(u->what, what) == 0)
				return true;
		}
	}
	return false;
}

int rt_load__create_trigger(ld *l, PgQuery__CreateTrigStmt *st)
{
	const PgQuery__RangeVar *rv = st->relation;
	const char *schema =
	    rt_load__schema(l, rv->schemaname, rv->relname, LOOK_REL);
	rt_object *rel = rt_schema_find_relation(l->s, schema, rv->relname);
	rt_trigger *t;
	rt_expr *def;

	if (!rel) {
		if (unmanaged_relation(l, schema, rv->relname)) {
			rt_load__unmanaged(
			    l,
			    rt_arena_printf(l->scratch, "trigger %s on %s.%s",
					    st->trigname, schema, rv->relname));
			return 0;
		}
		return rt_load__fail(l, "relation '%s.%s' does not exist",
				     schema, rv->relname);
	}
	t = (rt_trigger *)rt_schema_find_on(l->s, RT_KIND_TRIGGER, schema,
					    rel->name, st->trigname);
	if (t && !st->replace)
		return rt_load__fail(l,
				     "trigger '%s' for relation '%s' already "
				     "exists",
				     st->trigname, rel->name);
	st->relation->schemaname = (char *)rel->schema;
	qualify_function(l, st);
	if (make_def(l, &def, st) < 0)
		return -1;
	if (!t) {
		t = rt_schema_new_object(l->s, RT_KIND_TRIGGER, rel->schema,
					 st->trigname, rel);
		t->enabled = 'O';
	}
	t->table.schema = rel->schema;
	t->table.name = rel->name;
	t->def = def;
	if (!l->exact) {
		t->src_file = l->file;
		t->src_line = rt_load__src_line(l);
	}
	return 0;
}

/* The trigger name on relation (schema NULL: search_path); NULL in
 * *out when missing_ok and it does not exist. */
static int lookup(ld *l, rt_trigger **out, const char *schema, const char *rel,
		  const char *name, bool missing_ok)
{
	const char *s = rt_load__schema(l, schema, rel, LOOK_REL);
	rt_object *r = rt_schema_find_relation(l->s, s, rel);
	*out = NULL;
	if (!r) {
		if (unmanaged_relation(l, s, rel))
			return 0;
		if (missing_ok)
			return 0;
		return rt_load__fail(l, "relation '%s.%s' does not exist", s,
				     rel);
	}
	*out = (rt_trigger *)rt_schema_find_on(l->s, RT_KIND_TRIGGER, r->schema,
					       r->name, name);
	if (*out || missing_ok)
		return 0;
	return rt_load__fail(l, "trigger '%s' for table '%s' does not exist",
			     name, rel);
}

/* "trigger t on s.rel" of an unmanaged trigger */
static const char *unmanaged_name(ld *l, const char *schema, const char *rel,
				  const char *name)
{
	return rt_arena_printf(l->scratch, "trigger %s on %s.%s", name,
			       rt_load__schema(l, schema, rel, LOOK_REL), rel);
}

/* [schema.]rel.name of DROP / COMMENT ON TRIGGER */
static bool split_names(ld *l, const Node *obj, const char **schema,
			const char **rel, const char **name)
{
	const PgQuery__List *lst =
	    obj && obj->node_case == PG_QUERY__NODE__NODE_LIST ? obj->list
							       : NULL;
	if (!lst || lst->n_items < 2)
		return false;
	rt_qname q = rt_load__names_qname(l, lst->items, lst->n_items - 1);
	*schema = q.schema;
	*rel = q.name;
	*name = str_of(lst->items[lst->n_items - 1]);
	return *rel && *name;
}

int rt_load__drop_trigger(ld *l, const Node *obj, bool missing_ok)
{
	const char *schema, *rel, *name;
	rt_trigger *t;
	if (!split_names(l, obj, &schema, &rel, &name))
		return 0;
	if (lookup(l, &t, schema, rel, name, true) < 0)
		return -1;
	if (t) {
		rt_schema_remove(l->s, &t->obj);
		return 0;
	}
	size_t before = l->s->unmanaged.len;
	rt_load__unmanaged_drop(l, unmanaged_name(l, schema, rel, name), false);
	if (before != l->s->unmanaged.len || missing_ok)
		return 0;
	return lookup(l, &t, schema, rel, name, false);
}

int rt_load__comment_trigger(ld *l, const Node *obj, const char *text)
{
	const char *schema, *rel, *name;
	rt_trigger *t;
	if (!split_names(l, obj, &schema, &rel, &name))
		return 0;
	if (lookup(l, &t, schema, rel, name, true) < 0)
		return -1;
	if (t) {
		t->comment = text;
		return 0;
	}
	const char *what = unmanaged_name(l, schema, rel, name);
	for (size_t i = 0; i < l->s->unmanaged.len; i++) {
		rt_unmanaged *u = l->s->unmanaged.items[i];
		if (strcmp(u->what, what) == 0)
			return 0;
	}
	return lookup(l, &t, schema, rel, name, false);
}

/* Re-deparses t's statement under its current name. */
static int redef(ld *l, rt_trigger *t)
{
	PgQuery__ParseResult *tree = rt_load__reparse(l, t->def->text);
	Node *n = tree ? tree->stmts[0]->stmt : NULL;
	if (!n || n->node_case != PG_QUERY__NODE__NODE_CREATE_TRIG_STMT)
		return rt_load__fail(l, "cannot read trigger '%s'", t->name);
	n->create_trig_stmt->trigname = (char *)t->name;
	return make_def(l, &t->def, n->create_trig_stmt);
}

int rt_load__rename_trigger(ld *l, PgQuery__RenameStmt *st)
{
	rt_trigger *t;
	const PgQuery__RangeVar *rv = st->relation;
	if (lookup(l, &t, rv->schemaname, rv->relname, st->subname,
		   st->missing_ok) < 0)
		return -1;
	if (!t) {
		rt_vec *v = &l->s->unmanaged;
		const char *old =
		    unmanaged_name(l, rv->schemaname, rv->relname, st->subname);
		for (size_t i = 0; i < v->len; i++) {
			rt_unmanaged *u = v->items[i];
			if (strcmp(u->what, old) == 0)
				u->what = rt_arena_strdup(
				    l->a,
				    unmanaged_name(l, rv->schemaname,
						   rv->relname, st->newname));
		}
		return 0;
	}
	if (rt_schema_find_on(l->s, RT_KIND_TRIGGER, t->schema, t->owner->name,
			      st->newname))
		return rt_load__fail(l,
				     "trigger '%s' for relation '%s' already "
				     "exists",
				     st->newname, t->owner->name);
	rt_schema_rename(l->s, &t->obj, NULL,
			 rt_arena_strdup(l->a, st->newname));
	return redef(l, t);
}

int rt_load__enable_trigger(ld *l, rt_object *rel, const char *name,
			    char enabled)
{
	if (name) {
		rt_trigger *t = (rt_trigger *)rt_schema_find_on(
		    l->s, RT_KIND_TRIGGER, rel->schema, rel->name, name);
		if (!t)
			return rt_load__fail(
			    l, "trigger '%s' for table '%s' does not exist",
			    name, rel->name);
		t->enabled = enabled;
		return 0;
	}
	for (size_t i = 0; i < l->s->triggers.len; i++) {
		rt_trigger *t = l->s->triggers.items[i];
		if (t->owner == rel)
			t->enabled = enabled;
	}
	return 0;
}

void rt_load__drop_triggers_on(ld *l, const rt_object *rel)
{
	for (size_t i = 0; i < l->s->triggers.len;) {
		rt_trigger *t = l->s->triggers.items[i];
		if (t->owner == rel)
			rt_schema_remove(l->s, &t->obj);
		else
			i++;
	}
}

/* The parsed statement of t (scratch arena), or NULL. */
static PgQuery__CreateTrigStmt *parsed(ld *l, const rt_trigger *t)
{
	PgQuery__ParseResult *tree = rt_load__reparse(l, t->def->text);
	Node *n = tree ? tree->stmts[0]->stmt : NULL;
	if (!n || n->node_case != PG_QUERY__NODE__NODE_CREATE_TRIG_STMT)
		return NULL;
	return n->create_trig_stmt;
}

/* true when trigger statement st names column col (UPDATE OF, WHEN) */
static bool uses_column(ld *l, PgQuery__CreateTrigStmt *st, const char *col)
{
	colrefs c = {l, {0}};
	for (size_t i = 0; i < st->n_columns; i++)
		if (rt_streq(str_of(st->columns[i]), col))
			return true;
	if (st->when_clause)
		rt_load__node_colrefs(&c, &st->when_clause->base);
	for (size_t i = 0; i < c.names.len; i++)
		if (strcmp(c.names.items[i], col) == 0)
			return true;
	return false;
}

int rt_load__triggers_follow(ld *l, const rt_object *rel, const char *old_col,
			     const char *new_col)
{
	for (size_t i = 0; i < l->s->triggers.len; i++) {
		rt_trigger *t = l->s->triggers.items[i];
		PgQuery__CreateTrigStmt *st;
		if (t->owner != rel)
			continue;
		st = parsed(l, t);
		if (!st)
			return rt_load__fail(l, "cannot read trigger '%s'",
					     t->name);
		st->relation->schemaname = (char *)rel->schema;
		st->relation->relname = (char *)rel->name;
		if (old_col) {
			renamer r = {.old_col = old_col, .new_col = new_col};
			for (size_t k = 0; k < st->n_columns; k++)
				if (rt_streq(str_of(st->columns[k]), old_col))
					st->columns[k]->string->sval =
					    (char *)new_col;
			if (st->when_clause)
				rt_load__walk(&st->when_clause->base,
					      rt_load__visit_rename, &r);
		}
		if (make_def(l, &t->def, st) < 0)
			return -1;
		t->table.schema = rel->schema;
		t->table.name = rel->name;
	}
	return 0;
}

int rt_load__triggers_column_dropped(ld *l, const rt_object *rel,
				     const char *col, bool cascade)
{
	for (size_t i = 0; i < l->s->triggers.len;) {
		rt_trigger *t = l->s->triggers.items[i];
		PgQuery__CreateTrigStmt *st =
		    t->owner == rel ? parsed(l, t) : NULL;
		if (!st || !uses_column(l, st, col)) {
			i++;
			continue;
		}
		if (!cascade)
			return rt_load__fail(
			    l,
			    "cannot drop column '%s' of table '%s' because "
			    "trigger '%s' depends on it",
			    col, rel->name, t->name);
		rt_schema_remove(l->s, &t->obj);
	}
	return 0;
}

int rt_load__triggers_function_dropped(ld *l, const rt_function *f,
				       bool cascade)
{
	if (f->args.len != 0)
		return 0; /* trigger functions take no arguments */
	for (size_t i = 0; i < l->s->triggers.len;) {
		rt_trigger *t = l->s->triggers.items[i];
		PgQuery__CreateTrigStmt *st = parsed(l, t);
		const char *name =
		    st && st->n_funcname
			? str_of(st->funcname[st->n_funcname - 1])
			: NULL;
		const char *schema =
		    st && st->n_funcname == 2 ? str_of(st->funcname[0]) : NULL;
		if (!rt_streq(name, f->proname) ||
		    !rt_streq(schema ? schema : RT_PUBLIC, f->schema)) {
			i++;
			continue;
		}
		if (!cascade)
			return rt_load__fail(
			    l,
			    "cannot drop function '%s.%s' because trigger "
			    "'%s' on table '%s' depends on it",
			    f->schema, f->name, t->name, t->owner->name);
		rt_schema_remove(l->s, &t->obj);
	}
	return 0;
}

int rt_load__triggers_function_renamed(ld *l, const char *old_schema,
				       const char *old_proname,
				       const rt_function *f)
{
	if (f->args.len != 0)
		return 0;
	for (size_t i = 0; i < l->s->triggers.len; i++) {
		rt_trigger *t = l->s->triggers.items[i];
		PgQuery__CreateTrigStmt *st = parsed(l, t);
		const char *name =
		    st && st->n_funcname
			? str_of(st->funcname[st->n_funcname - 1])
			: NULL;
		const char *schema =
		    st && st->n_funcname == 2 ? str_of(st->funcname[0]) : NULL;
		if (!rt_streq(name, old_proname) ||
		    !rt_streq(schema ? schema : RT_PUBLIC, old_schema))
			continue;
		PgQuery__String *ss = rt_arena_alloc(l->scratch, sizeof(*ss));
		PgQuery__String *sn = rt_arena_alloc(l->scratch, sizeof(*sn));
		Node **names = rt_arena_alloc(l->scratch, 2 * sizeof(Node *));
		pg_query__string__init(ss);
		pg_query__string__init(sn);
		ss->sval = (char *)f->schema;
		sn->sval = (char *)f->proname;
		names[0] = rt_load__wrap(l, PG_QUERY__NODE__NODE_STRING, ss);
		names[1] = rt_load__wrap(l, PG_QUERY__NODE__NODE_STRING, sn);
		st->funcname = names;
		st->n_funcname = 2;
		if (make_def(l, &t->def, st) < 0)
			return -1;
	}
	return 0;
}
