/* SPDX-License-Identifier: MIT */
/*
 * Renames for the commands that diff (`diff`, and `revision
 * --autogenerate`): the requests checked, the FROM model renamed in place
 * as PostgreSQL would rename it, the RENAME changes first and the rest of
 * the diff after them, and the hints printed on stderr.
 */
#include "base/common.h"
#include "base/sql.h"
#include "cli/cmd.h"
#include "load/load.h"

static int apply(rt_schema *from, const rt_vec *renames, rt_error *err)
{
	for (size_t i = 0; i < renames->len; i++) {
		const rt_rename *r = renames->items[i];
		if (rt_load_rename(from, r->kind, r->schema, r->table, r->name,
				   r->new_name, err) < 0)
			return -1;
	}
	return 0;
}

int rt_cli_diff_renamed(rt_vec *changes, rt_arena *a, rt_schema *from,
			const rt_schema *to, const rt_vec *renames,
			rt_error *err)
{
	rt_vec follow = {0};

	if (renames->len) {
		rt_diff_rename_changes(changes, a, from, to, renames);
		if (apply(from, renames, err) < 0)
			return -1;
		rt_diff_follow_renames(&follow, a, from, to, renames);
		rt_diff_rename_changes(changes, a, from, to, &follow);
		if (apply(from, &follow, err) < 0)
			return -1;
	}
	return rt_diff(changes, a, from, to, err);
}

void rt_cli_report_hints(const rt_vec *hints)
{
	for (size_t i = 0; i < hints->len; i++) {
		const rt_rename *r = hints->items[i];
		rt_buf b = RT_BUF_INIT;
		rt_buf_adds(&b, "hint: ");
		rt_buf_add_ident(&b, RT_DIALECT_PG, r->schema);
		rt_buf_addch(&b, '.');
		if (r->table) {
			rt_buf_add_ident(&b, RT_DIALECT_PG, r->table);
			rt_buf_addch(&b, '.');
		}
		rt_buf_add_ident(&b, RT_DIALECT_PG, r->name);
		rt_buf_adds(&b, " may have been renamed to ");
		rt_buf_add_ident(&b, RT_DIALECT_PG, r->new_name);
		rt_buf_adds(&b, ": --rename ");
		rt_rename_format(&b, r);
		fprintf(stderr, "%s\n", b.data);
		rt_buf_release(&b);
	}
}
