/* SPDX-License-Identifier: MIT */
/* GRANT / REVOKE on every kind, row level security and policies, rendered
 * for PostgreSQL: the statements must be valid as written. */
#include "base/common.h"
#include "diff/diff.h"
#include "render/render.h"

#include <criterion/criterion.h>

static rt_arena *arena;

static void setup(void)
{
	arena = rt_arena_new();
}

static void teardown(void)
{
	rt_arena_free(arena);
}

TestSuite(render_grants, .init = setup, .fini = teardown);

static const char *render1(rt_change *c)
{
	rt_vec v = {0};
	rt_buf b = RT_BUF_INIT;
	rt_error err = RT_ERROR_INIT;

	rt_vec_push(&v, arena, c);
	cr_assert(rt_render_changes(&b, arena, RT_DIALECT_PG, &v, &err) == 0,
		  "%s", err.msg);
	return rt_buf_detach_arena(&b, arena);
}

static rt_grant *grant(const char *role, const char *priv, bool option)
{
	rt_grant *g = RT_NEW(arena, rt_grant);
	g->grantee = role;
	g->privilege = priv;
	g->grantable = option;
	return g;
}

/* GRANT (or REVOKE) g on o of kind k. */
static const char *on(rt_change_kind ck, rt_kind k, void *o, rt_grant *g,
		      bool option_only)
{
	rt_change *c = RT_NEW(arena, rt_change);
	c->kind = ck;
	c->obj = k;
	c->before = o;
	c->after = o;
	c->grant = g;
	c->grant_option = option_only;
	return render1(c);
}

static void *obj(size_t size, const char *schema, const char *name)
{
	rt_object *o = rt_arena_alloc(arena, size);
	memset(o, 0, size);
	o->schema = schema;
	o->name = name;
	return o;
}

Test(render_grants, tables_columns_views)
{
	rt_table *t = obj(sizeof(rt_table), "app", "Orders");
	rt_column *c = obj(sizeof(rt_column), "app", "total sum");
	rt_view *v = obj(sizeof(rt_view), "public", "v");
	rt_view *m = obj(sizeof(rt_view), "public", "mv");
	c->owner = &t->obj;
	c->table = t;
	m->materialized = true;
	cr_expect_str_eq(on(RT_CH_GRANT, RT_KIND_TABLE, t,
			    grant("reader", "SELECT", true), false),
			 "GRANT SELECT ON TABLE app.\"Orders\" TO reader "
			 "WITH GRANT OPTION;\n");
	cr_expect_str_eq(
	    on(RT_CH_REVOKE, RT_KIND_COLUMN, c,
	       grant("Odd Role", "UPDATE", false), false),
	    "REVOKE UPDATE (\"total sum\") ON TABLE app.\"Orders\" "
	    "FROM \"Odd Role\";\n");
	cr_expect_str_eq(on(RT_CH_REVOKE, RT_KIND_COLUMN, c,
			    grant("r", "SELECT", true), true),
			 "REVOKE GRANT OPTION FOR SELECT (\"total sum\") ON "
			 "TABLE app.\"Orders\" FROM r;\n");
	cr_expect_str_eq(on(RT_CH_GRANT, RT_KIND_VIEW, v,
			    grant("PUBLIC", "SELECT", false), false),
			 "GRANT SELECT ON TABLE public.v TO PUBLIC;\n");
	cr_expect_str_eq(on(RT_CH_GRANT, RT_KIND_VIEW, m,
			    grant("r", "SELECT", false), false),
			 "GRANT SELECT ON TABLE public.mv TO r;\n");
}

Test(render_grants, sequences_schemas_functions_types)
{
	rt_sequence *q = obj(sizeof(rt_sequence), "public", "q");
	rt_namespace *n = obj(sizeof(rt_namespace), "app", "app");
	rt_function *f = obj(sizeof(rt_function), "public", "f(integer, text)");
	rt_function *p = obj(sizeof(rt_function), "app", "p(integer)");
	f->proname = "f";
	f->prokind = 'f';
	p->proname = "p";
	p->prokind = 'p';
	cr_expect_str_eq(on(RT_CH_GRANT, RT_KIND_SEQUENCE, q,
			    grant("w", "USAGE", false), false),
			 "GRANT USAGE ON SEQUENCE public.q TO w;\n");
	cr_expect_str_eq(on(RT_CH_REVOKE, RT_KIND_NAMESPACE, n,
			    grant("PUBLIC", "CREATE", false), false),
			 "REVOKE CREATE ON SCHEMA app FROM PUBLIC;\n");
	cr_expect_str_eq(on(RT_CH_REVOKE, RT_KIND_FUNCTION, f,
			    grant("PUBLIC", "EXECUTE", false), false),
			 "REVOKE EXECUTE ON FUNCTION public.f(integer, text) "
			 "FROM PUBLIC;\n");
	cr_expect_str_eq(on(RT_CH_GRANT, RT_KIND_FUNCTION, p,
			    grant("r", "EXECUTE", false), false),
			 "GRANT EXECUTE ON PROCEDURE app.p(integer) TO r;\n");
	cr_expect_str_eq(on(RT_CH_GRANT, RT_KIND_ENUM,
			    obj(sizeof(rt_enum), "public", "mood"),
			    grant("r", "USAGE", false), false),
			 "GRANT USAGE ON TYPE public.mood TO r;\n");
	cr_expect_str_eq(on(RT_CH_GRANT, RT_KIND_DOMAIN,
			    obj(sizeof(rt_domain), "public", "posint"),
			    grant("r", "USAGE", false), false),
			 "GRANT USAGE ON DOMAIN public.posint TO r;\n");
	cr_expect_str_eq(on(RT_CH_REVOKE, RT_KIND_COMPOSITE,
			    obj(sizeof(rt_composite), "public", "pair"),
			    grant("PUBLIC", "USAGE", false), false),
			 "REVOKE USAGE ON TYPE public.pair FROM PUBLIC;\n");
	cr_expect_str_eq(on(RT_CH_GRANT, RT_KIND_RANGE,
			    obj(sizeof(rt_range), "public", "span"),
			    grant("r", "USAGE", false), false),
			 "GRANT USAGE ON TYPE public.span TO r;\n");
}

static rt_expr *expr(const char *text)
{
	rt_expr *e = RT_NEW(arena, rt_expr);
	e->text = text;
	e->key = text;
	return e;
}

Test(render_grants, policies_and_rls)
{
	rt_table *t = obj(sizeof(rt_table), "public", "docs");
	rt_policy *p = obj(sizeof(rt_policy), "public", "Tenant only");
	rt_policy *q = obj(sizeof(rt_policy), "public", "q");
	rt_change *c = RT_NEW(arena, rt_change);
	p->owner = q->owner = &t->obj;
	p->cmd = 'w';
	p->permissive = false;
	rt_vec_push(&p->roles, arena, (void *)"Admins");
	rt_vec_push(&p->roles, arena, (void *)"app");
	p->using_expr = expr("tenant = 1");
	p->check_expr = expr("tenant = 2");
	q->cmd = '*';
	q->permissive = true;
	rt_vec_push(&q->roles, arena, (void *)"PUBLIC");

	c->kind = RT_CH_CREATE_OBJECT;
	c->obj = RT_KIND_POLICY;
	c->after = p;
	cr_expect_str_eq(render1(c),
			 "CREATE POLICY \"Tenant only\" ON public.docs AS "
			 "RESTRICTIVE FOR UPDATE TO \"Admins\", app\n"
			 "  USING (tenant = 1)\n"
			 "  WITH CHECK (tenant = 2);\n");
	c->kind = RT_CH_ALTER_OBJECT;
	c->before = q;
	c->after = q;
	cr_expect_str_eq(render1(c), "ALTER POLICY q ON public.docs TO "
				     "PUBLIC;\n");
	c->kind = RT_CH_DROP_OBJECT;
	c->before = p;
	c->after = NULL;
	cr_expect_str_eq(render1(c),
			 "DROP POLICY \"Tenant only\" ON public.docs;\n");

	rt_table *f = obj(sizeof(rt_table), "public", "docs");
	t->rls = true;
	t->force_rls = true;
	f->rls = true;
	c->kind = RT_CH_SET_RLS;
	c->obj = RT_KIND_TABLE;
	c->before = f;
	c->after = t;
	cr_expect_str_eq(render1(c), "ALTER TABLE public.docs FORCE ROW LEVEL "
				     "SECURITY;\n");
	c->before = NULL;
	cr_expect_str_eq(render1(c),
			 "ALTER TABLE public.docs ENABLE ROW LEVEL SECURITY, "
			 "FORCE ROW LEVEL SECURITY;\n");
	/* a table about to go (and the down migration of a created one) */
	c->before = t;
	c->after = NULL;
	cr_expect_str_eq(render1(c),
			 "ALTER TABLE public.docs DISABLE ROW LEVEL SECURITY, "
			 "NO FORCE ROW LEVEL SECURITY;\n");
}
