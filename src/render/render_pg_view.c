/* SPDX-License-Identifier: MIT */
/* Views and materialized views in PostgreSQL. */
#include "base/common.h"
#include "render/render_int.h"

/* The query's text without a trailing ';' or blanks. */
static void query_text(rt_buf *b, const char *q)
{
	size_t n = strlen(q);
	while (n > 0 &&
	       (q[n - 1] == ';' || q[n - 1] == ' ' || q[n - 1] == '\n' ||
		q[n - 1] == '\t' || q[n - 1] == '\r'))
		n--;
	rt_buf_add(b, q, n);
}

static void create(rt_buf *b, const rt_object *o)
{
	const rt_view *v = (const rt_view *)o;
	const char *check = NULL;
	bool any = false;

	rt_buf_adds(b, v->materialized ? "CREATE MATERIALIZED VIEW "
				       : "CREATE VIEW ");
	rt_render__qname(b, v->schema, v->name);
	for (size_t i = 0; i < v->options.len; i++) {
		const char *opt = v->options.items[i];
		if (strncmp(opt, "check_option=", 13) == 0) {
			check = opt + 13;
			continue;
		}
		rt_buf_adds(b, any ? ", " : " WITH (");
		rt_buf_adds(b, opt);
		any = true;
	}
	if (any)
		rt_buf_addch(b, ')');
	rt_buf_adds(b, " AS\n");
	query_text(b, v->query->text);
	if (check)
		rt_buf_addf(b, "\n  WITH %s CHECK OPTION",
			    strcmp(check, "local") == 0 ? "LOCAL" : "CASCADED");
}

const rt_render_kind rt_render__pg_view = {
    .create = create,
};
