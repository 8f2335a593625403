/* SPDX-License-Identifier: MIT */
/*
 * Option parsing for the commands: each command's static rt_opt table is
 * turned into getopt_long's tables here, and the same table prints --help,
 * so the help cannot drift from the parser.
 */
#include "base/common.h"
#include "cli/cmd.h"

#include <getopt.h>

#define HELP_ID 0x10000

static size_t count_opts(const rt_opt *opts)
{
	size_t n = 0;
	while (opts && opts[n].name)
		n++;
	return n;
}

void rt_cli_opts_help(FILE *f, const rt_opt_spec *spec)
{
	size_t n = count_opts(spec->opts);
	fprintf(f, "usage: retort %s\n\n%s\n\noptions:\n", spec->usage,
		spec->summary);
	for (size_t i = 0; i <= n; i++) {
		const rt_opt *o = &spec->opts[i];
		rt_buf left = RT_BUF_INIT;
		const char *help;
		if (i == n) {
			rt_buf_adds(&left, "-h, --help");
			help = "show this help and exit";
		} else {
			if (o->shortname)
				rt_buf_addf(&left, "-%c, ", o->shortname);
			rt_buf_addf(&left, "--%s", o->name);
			if (o->argname)
				rt_buf_addf(&left,
					    o->argname[0] == '[' ? "%s" : " %s",
					    o->argname);
			help = o->help;
		}
		if (left.len < 26)
			fprintf(f, "  %-26s %s\n", left.data, help);
		else
			fprintf(f, "  %s\n  %-26s %s\n", left.data, "", help);
		rt_buf_release(&left);
	}
	if (spec->details)
		fprintf(f, "\n%s\n", spec->details);
}

int rt_cli_usage_error(const rt_opt_spec *spec, const char *fmt, ...)
{
	va_list ap;
	fputs("retort: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nusage: retort %s\n", spec->usage);
	fprintf(stderr, "Try 'retort %.*s --help' for more information.\n",
		(int)strcspn(spec->usage, " "), spec->usage);
	return RT_EXIT_INPUT;
}

int rt_cli_opts_parse(int *first_arg, int *done, int argc, char **argv,
		      const rt_opt_spec *spec,
		      int (*cb)(void *ctx, int id, const char *arg), void *ctx)
{
	size_t n = count_opts(spec->opts);
	struct option *longopts = rt_xcalloc(n + 2, sizeof(*longopts));
	rt_buf shortopts = RT_BUF_INIT;
	int ret = -1;

	*done = -1;
	*first_arg = argc;
	/* Options may follow the positional arguments ("diff a b --down"),
	 * so getopt permutes; a leading ':' makes it report, not print. */
	rt_buf_adds(&shortopts, ":h");
	for (size_t i = 0; i < n; i++) {
		const rt_opt *o = &spec->opts[i];
		longopts[i].name = o->name;
		/* an argname "[=X]" is optional (--opt or --opt=X) */
		longopts[i].has_arg = !o->argname ? no_argument
				      : o->argname[0] == '['
					  ? optional_argument
					  : required_argument;
		longopts[i].val = o->id;
		if (o->shortname) {
			rt_buf_addch(&shortopts, o->shortname);
			if (o->argname)
				rt_buf_addch(&shortopts, ':');
		}
	}
	longopts[n].name = "help";
	longopts[n].val = HELP_ID;

	optind = 0; /* full reinitialisation (GNU) */
	opterr = 0;
	for (;;) {
		int c = getopt_long(argc, argv, shortopts.data, longopts, NULL);
		if (c == -1)
			break;
		if (c == 'h' || c == HELP_ID) {
			rt_cli_opts_help(stdout, spec);
			*done = RT_EXIT_OK;
			goto done;
		}
		if (c == '?') {
			if (optopt)
				*done = rt_cli_usage_error(
				    spec, "unknown option '-%c'", optopt);
			else
				*done = rt_cli_usage_error(
				    spec, "unknown option '%s'",
				    argv[optind - 1]);
			goto done;
		}
		if (c == ':') {
			*done = rt_cli_usage_error(spec,
						   "option '%s' needs a value",
						   argv[optind - 1]);
			goto done;
		}
		int r = cb(ctx, c, optarg);
		if (r != 0) {
			*done = r;
			goto done;
		}
	}
	*first_arg = optind;
	ret = 0;
done:
	free(longopts);
	rt_buf_release(&shortopts);
	return ret;
}
