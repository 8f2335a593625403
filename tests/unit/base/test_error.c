/* SPDX-License-Identifier: MIT */
/* rt_error formatting and rt_conninfo_redact (passwords never shown). */
#include "base/common.h"
#include "base/error.h"

#include <criterion/criterion.h>

static int fail_with(rt_error *err)
{
	return rt_errorf(err, RT_EINPUT, "cannot parse '%s': %s", "a.sql",
			 "syntax error");
}

Test(base_error, errorf_returns_minus_one_and_sets_code)
{
	rt_error err = RT_ERROR_INIT;
	cr_expect_eq(fail_with(&err), -1);
	cr_expect_eq(err.code, RT_EINPUT);
	cr_expect_str_eq(err.msg, "cannot parse 'a.sql': syntax error");
	cr_expect_str_eq(err.file, "");
	cr_expect_eq(err.line, 0);
}

Test(base_error, place_survives_a_later_message)
{
	rt_error err = RT_ERROR_INIT;
	rt_error_at(&err, "schema.sql", 3, 14);
	rt_errorf(&err, RT_EINPUT, "syntax error at or near \",\"");
	cr_expect_str_eq(err.file, "schema.sql");
	cr_expect_eq(err.line, 3);
	cr_expect_eq(err.col, 14);
	rt_error_object(&err, "public.tasks.owner_id");
	cr_expect_str_eq(err.object, "public.tasks.owner_id");
}

Test(base_error, message_is_one_line_without_trailing_space)
{
	rt_error err = RT_ERROR_INIT;
	rt_errorf(&err, RT_EDB, "server said:\nno\tway\n");
	cr_expect_str_eq(err.msg, "server said: no way");
	rt_error_detail(&err, "line one\nline two");
	cr_expect_str_eq(err.detail, "line one line two");
	rt_error_hint(&err, "try %s", "again");
	cr_expect_str_eq(err.hint, "try again");
}

Test(base_error, long_message_is_cut_and_terminated)
{
	rt_error err = RT_ERROR_INIT;
	char big[2000];
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	rt_errorf(&err, RT_EINTERNAL, "%s", big);
	cr_expect_eq(strlen(err.msg), sizeof(err.msg) - 1);
}

Test(base_error, clear_resets)
{
	rt_error err = RT_ERROR_INIT;
	rt_error_at(&err, "f", 1, 2);
	rt_errorf(&err, RT_EIO, "x");
	rt_error_clear(&err);
	cr_expect_eq(err.code, RT_OK);
	cr_expect_str_eq(err.msg, "");
	cr_expect_str_eq(err.file, "");
}

Test(base_error, null_error_is_allowed)
{
	cr_expect_eq(rt_errorf(NULL, RT_EIO, "ignored"), -1);
	rt_error_at(NULL, "f", 1, 1);
	rt_error_object(NULL, "o");
}

static void expect_redact(const char *in, const char *want)
{
	char out[256];
	rt_conninfo_redact(out, sizeof(out), in);
	cr_expect_str_eq(out, want, "redact(%s)", in);
}

Test(rt_conninfo_redact, urls)
{
	expect_redact("postgresql://u:s3cret@127.0.0.1:1/x",
		      "postgresql://u:xxxxx@127.0.0.1:1/x");
	expect_redact("postgres://u@h/db", "postgres://u@h/db");
	expect_redact("postgres://h/db", "postgres://h/db");
	expect_redact("postgresql://u:p%40ss@h/db?sslmode=require",
		      "postgresql://u:xxxxx@h/db?sslmode=require");
	expect_redact("postgresql://u@h/db?password=s3cret&sslmode=disable",
		      "postgresql://u@h/db?password=xxxxx&sslmode=disable");
}

Test(rt_conninfo_redact, keyword_value)
{
	expect_redact("host=h password=s3cret dbname=x",
		      "host=h password=xxxxx dbname=x");
	expect_redact("password = 's3 cret' user=u", "password = xxxxx user=u");
	expect_redact("host=h dbname=x", "host=h dbname=x");
}

Test(rt_conninfo_redact, never_contains_the_secret)
{
	const char *inputs[] = {
	    "postgresql://u:s3cret@h/db",
	    "postgresql://u:s3cret@h:5432/db?application_name=a",
	    "password=s3cret",
	    "host=h password='s3cret'",
	    "postgresql://u@h/db?password=s3cret",
	};
	for (size_t i = 0; i < RT_ARRAY_LEN(inputs); i++) {
		char out[256];
		rt_conninfo_redact(out, sizeof(out), inputs[i]);
		cr_expect_null(strstr(out, "s3cret"), "leaked in '%s'", out);
	}
}

Test(rt_conninfo_redact, small_output_is_terminated)
{
	char out[8];
	rt_conninfo_redact(out, sizeof(out), "postgresql://u:s3cret@h/db");
	cr_expect_eq(strlen(out), 7);
	cr_expect_null(strstr(out, "s3cret"));
}
