/* SPDX-License-Identifier: MIT */
/*
 * The one place that prints errors and maps them to exit statuses
 * (STYLE.md section 4): "retort: file:line:col: message", then optional
 * "detail:" and "hint:" lines. Also names the unmanaged objects of a
 * loaded schema, so nothing a source holds is dropped silently.
 */
#include "base/common.h"
#include "cli/cmd.h"

int rt_cli_exit_code(rt_errcode code)
{
	switch (code) {
	case RT_OK:
		return RT_EXIT_OK;
	case RT_EINPUT:
	case RT_EUSAGE:
		return RT_EXIT_INPUT;
	case RT_EDB:
	case RT_EIO:
	case RT_EINTERNAL:
		return RT_EXIT_FAILURE;
	}
	return RT_EXIT_FAILURE;
}

/* "file:line:col: ", "file:line: ", "file: " or "" */
static void add_place(rt_buf *b, const char *file, int line, int col)
{
	if (!file || !*file)
		return;
	rt_buf_adds(b, file);
	if (line > 0) {
		rt_buf_addf(b, ":%d", line);
		if (col > 0)
			rt_buf_addf(b, ":%d", col);
	}
	rt_buf_adds(b, ": ");
}

int rt_cli_report(const rt_error *err)
{
	rt_buf b = RT_BUF_INIT;
	rt_buf_adds(&b, "retort: ");
	if (err->file[0])
		add_place(&b, err->file, err->line, err->col);
	else if (err->object[0])
		rt_buf_addf(&b, "%s: ", err->object);
	rt_buf_adds(&b, err->msg[0] ? err->msg : "unknown error");
	rt_buf_addch(&b, '\n');
	if (err->detail[0])
		rt_buf_addf(&b, "detail: %s\n", err->detail);
	if (err->hint[0])
		rt_buf_addf(&b, "hint: %s\n", err->hint);
	fputs(b.data, stderr);
	rt_buf_release(&b);
	/* an error without a code is still an error */
	if (err->code == RT_OK)
		return RT_EXIT_FAILURE;
	return rt_cli_exit_code(err->code);
}

void rt_cli_report_unmanaged(const rt_schema *s)
{
	rt_buf b = RT_BUF_INIT;
	for (size_t i = 0; i < s->unmanaged.len; i++) {
		const rt_unmanaged *u = RT_VEC_AT(s->unmanaged, i);
		rt_buf_adds(&b, "retort: ");
		add_place(&b, u->file, u->line, 0);
		rt_buf_addf(&b, "unmanaged: %s\n", u->what);
	}
	fputs(b.data, stderr);
	rt_buf_release(&b);
}
