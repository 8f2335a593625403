/* SPDX-License-Identifier: MIT */
/*
 * migration-driver: a test driver for the pieces of a migration file
 * (plan/describe.h and render.h's rt_render_checks) until `revision`
 * exists. It loads FROM and TO (any source retort reads), plans the
 * change on PostgreSQL and prints either the migration file that
 * rt_migdir_write makes of the header, the up and down statements and
 * the checks (default; read back with rt_migdir_parse, exit 3 when it
 * differs), or the same as JSON (--json) for
 * tests/e2e/test_checks.py:
 *
 *   migration-driver FROM TO [--json]
 *
 * JSON: {"header": [line], "up": [{"sql", "notransaction"}],
 * "checks": [{"sql", "expect": "true"|"rows"|"value", "rows", "value",
 * "what", "creates"}], "data_loss": [what]}. Errors: "migration-driver:
 * message", exit 2 (input) or 3.
 */
#include "base/common.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/json.h"
#include "diff/diff.h"
#include "load/load.h"
#include "migdir/migdir.h"
#include "plan/describe.h"
#include "plan/plan.h"
#include "render/render.h"

static int fail(const rt_error *err)
{
	fprintf(stderr, "migration-driver: %s%s%s\n", err->file,
		err->file[0] ? ": " : "", err->msg);
	return err->code == RT_EINPUT || err->code == RT_EUSAGE ? 2 : 3;
}

static void stmts_of(rt_vec *out, rt_arena *a, const rt_vec *stmts)
{
	for (size_t i = 0; i < stmts->len; i++) {
		const rt_stmt *s = stmts->items[i];
		rt_migdir_stmt *m;
		if (s->flags & RT_STMT_NOTE)
			continue;
		m = RT_NEW(a, rt_migdir_stmt);
		m->sql = s->sql;
		m->notransaction = s->flags & RT_STMT_NO_TRANSACTION;
		rt_vec_push(out, a, m);
	}
}

static const char *const expect_names[] = {"true", "rows", "value"};

static void print_json(rt_buf *out, const rt_vec *header, const rt_vec *up,
		       const rt_vec *checks)
{
	rt_json w;

	rt_json_init(&w, out);
	rt_json_object(&w, NULL);
	rt_json_array(&w, "header");
	for (size_t i = 0; i < header->len; i++)
		rt_json_str(&w, NULL, header->items[i]);
	rt_json_end(&w);
	rt_json_array(&w, "up");
	for (size_t i = 0; i < up->len; i++) {
		const rt_migdir_stmt *s = up->items[i];
		rt_json_object(&w, NULL);
		rt_json_str(&w, "sql", s->sql);
		rt_json_bool(&w, "notransaction", s->notransaction);
		rt_json_end(&w);
	}
	rt_json_end(&w);
	rt_json_array(&w, "checks");
	for (size_t i = 0; i < checks->len; i++) {
		const rt_check *k = checks->items[i];
		rt_json_object(&w, NULL);
		rt_json_str(&w, "sql", k->sql);
		rt_json_str(&w, "expect", expect_names[k->expect]);
		rt_json_int(&w, "rows", (int64_t)k->rows);
		rt_json_str(&w, "value", k->value);
		rt_json_str(&w, "what", k->what);
		rt_json_bool(&w, "creates", k->creates);
		rt_json_end(&w);
	}
	rt_json_end(&w);
	rt_json_array(&w, "data_loss");
	for (size_t i = 0; i < header->len; i++) {
		const char *what = rt_describe_data_loss(header->items[i]);
		if (what)
			rt_json_str(&w, NULL, what);
	}
	rt_json_end(&w);
	rt_json_end(&w);
	rt_buf_addch(out, '\n');
}

int main(int argc, char **argv)
{
	rt_arena *a = rt_arena_new();
	rt_error err = RT_ERROR_INIT;
	rt_schema *from = NULL, *to = NULL;
	rt_vec changes = {0}, inv = {0}, steps = {0}, down_steps = {0};
	rt_vec stmts = {0}, down_stmts = {0}, lines = {0}, checks = {0};
	rt_migration m = {0};
	rt_buf out = RT_BUF_INIT;
	bool json = argc == 4 && !strcmp(argv[3], "--json");
	int rc = 0;

	if (argc != 3 && !json) {
		fprintf(stderr, "usage: migration-driver FROM TO [--json]\n");
		return 2;
	}
	if (rt_load(&from, a, argv[1], NULL, &err) < 0 ||
	    rt_load(&to, a, argv[2], NULL, &err) < 0 ||
	    rt_diff(&changes, a, from, to, &err) < 0 ||
	    rt_plan(&steps, a, &changes, &err) < 0 ||
	    rt_render(&stmts, a, RT_DIALECT_PG, &steps, &err) < 0)
		goto failed;
	rt_diff_invert(&inv, a, &changes);
	if (rt_plan(&down_steps, a, &inv, &err) < 0 ||
	    rt_render(&down_stmts, a, RT_DIALECT_PG, &down_steps, &err) < 0 ||
	    rt_render_checks(&checks, a, RT_DIALECT_PG, &steps, to, &err) < 0)
		goto failed;
	rt_describe(&lines, a, RT_DIALECT_PG, &steps);
	rt_describe_header(&m.header, a, &lines);
	m.name = "0001_driver.sql";
	m.version = 1;
	m.slug = "driver";
	m.up.present = true;
	stmts_of(&m.up.stmts, a, &stmts);
	m.down.present = true;
	stmts_of(&m.down.stmts, a, &down_stmts);
	m.has_validate = checks.len > 0;
	for (size_t i = 0; i < checks.len; i++) {
		const rt_check *k = checks.items[i];
		rt_migdir_check *c = RT_NEW(a, rt_migdir_check);
		c->sql = k->sql;
		c->expect = (rt_migdir_expect)k->expect;
		c->rows = k->rows;
		c->value = k->value;
		rt_vec_push(&m.checks, a, c);
	}
	if (json) {
		print_json(&out, &m.header, &m.up.stmts, &checks);
	} else {
		rt_migration *back = NULL;
		if (rt_migdir_write(&out, &m, &err) < 0 ||
		    rt_migdir_parse(&back, a, m.name, out.data, out.len, &err) <
			0)
			goto failed;
		/* what was written reads back as written */
		if (back->header.len != m.header.len ||
		    back->up.stmts.len != m.up.stmts.len ||
		    back->checks.len != m.checks.len) {
			fprintf(stderr, "migration-driver: the file does not "
					"read back as written\n");
			rc = 3;
			goto done;
		}
	}
	fwrite(out.data, 1, out.len, stdout);
	goto done;
failed:
	rc = fail(&err);
done:
	rt_buf_release(&out);
	rt_arena_free(a);
	return rc;
}
