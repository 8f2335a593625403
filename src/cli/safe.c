/* SPDX-License-Identifier: MIT */
/*
 * What diff --safe and revision share about safe forms (plan_safe.c):
 * reading --backfill, printing the changes rt_plan_safe refused, and
 * telling the user about a --backfill no change took.
 */
#include "base/common.h"
#include "cli/cmd.h"
#include "render/render.h"

int rt_cli_backfill_parse(rt_backfill *out, rt_arena *a, const char *arg,
			  rt_error *err)
{
	const char *eq = strchr(arg, '=');
	const char *parts[3] = {0};
	size_t n = 0;
	char *names;

	memset(out, 0, sizeof(*out));
	if (!eq || eq == arg)
		return rt_errorf(err, RT_EUSAGE,
				 "--backfill '%s': expected "
				 "schema.table.column=SQLEXPR",
				 arg);
	names = rt_arena_strndup(a, arg, (size_t)(eq - arg));
	for (char *p = names; n < 3;) {
		char *dot = strchr(p, '.');
		parts[n++] = p;
		if (!dot)
			break;
		*dot = '\0';
		p = dot + 1;
		if (n == 3)
			return rt_errorf(err, RT_EUSAGE,
					 "--backfill '%s': expected "
					 "schema.table.column=SQLEXPR",
					 arg);
	}
	if (n < 2)
		return rt_errorf(err, RT_EUSAGE,
				 "--backfill '%s': expected "
				 "schema.table.column=SQLEXPR",
				 arg);
	for (size_t i = 0; i < n; i++)
		if (!*parts[i])
			return rt_errorf(err, RT_EUSAGE,
					 "--backfill '%s': a name is empty",
					 arg);
	out->schema = n == 3 ? parts[0] : RT_PUBLIC;
	out->table = parts[n - 2];
	out->column = parts[n - 1];
	out->expr = rt_arena_strdup(a, eq + 1);
	while (*out->expr == ' ')
		out->expr++;
	if (!*out->expr)
		return rt_errorf(err, RT_EUSAGE,
				 "--backfill '%s': no value after '='", arg);
	if (strchr(out->expr, ';') || strchr(out->expr, '\n'))
		return rt_errorf(err, RT_EUSAGE,
				 "--backfill '%s': the value must be one SQL "
				 "expression on one line, without ';'",
				 arg);
	return 0;
}

int rt_cli_report_refusals(const rt_vec *refusals, rt_arena *a, rt_dialect d)
{
	for (size_t i = 0; i < refusals->len; i++) {
		const rt_refusal *r = refusals->items[i];
		rt_vec steps = {0}, stmts = {0};
		rt_error err = RT_ERROR_INIT;

		rt_vec_push(&steps, a, (void *)r->step);
		if (rt_render(&stmts, a, d, &steps, &err) < 0)
			return rt_cli_report(&err);
		fprintf(stderr, "retort: refusing '%s': %s\nhint: %s\n",
			stmts.len ? ((const rt_stmt *)stmts.items[0])->sql : "",
			r->hazard, r->instead);
	}
	return RT_EXIT_FINDING;
}

int rt_cli_backfills_used(const rt_vec *backfills)
{
	for (size_t i = 0; i < backfills->len; i++) {
		const rt_backfill *b = backfills->items[i];
		if (b->used)
			continue;
		fprintf(stderr,
			"retort: --backfill %s.%s.%s: no NOT NULL column "
			"without a default is added to an existing table under "
			"that name\n",
			b->schema, b->table, b->column);
		return RT_EXIT_INPUT;
	}
	return RT_EXIT_OK;
}
