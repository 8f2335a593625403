/* SPDX-License-Identifier: MIT */
/*
 * The import bridge: SQLModel models read by Python itself. The program
 * src/load/bridge.py is compiled into retort (the build turns it into a
 * C string, bridge_py.h) and run as `python -c PROGRAM SOURCE` from the
 * current directory; it imports the models and prints, as retort's JSON,
 * what SQLModel.metadata.create_all() creates on PostgreSQL, which
 * rt_load_json_text reads (-B: no bytecode is written next to the
 * user's modules). Its errors arrive on stderr as one line,
 * "retort-bridge: FILE:LINE: message" (the user's code) or
 * "retort-bridge: message".
 */
#include "base/common.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/buf.h"
#include "load/load.h"

#include "bridge_py.h" /* bridge_py[]: src/load/bridge.py, NUL-terminated */

#define BRIDGE_TAG "retort-bridge: "

/* Runs python -c program arg (arg may be NULL), its standard output into
 * out and standard error into errout (either may be NULL: discarded).
 * Returns the exit status (128 + signal when killed), or -1 with errno
 * when it could not be started. */
static int run(const char *python, const char *program, const char *arg,
	       rt_buf *out, rt_buf *errout)
{
	int po[2] = {-1, -1}, pe[2] = {-1, -1}, status = 0;
	pid_t pid;

	if (pipe(po) < 0)
		return -1;
	if (pipe(pe) < 0) {
		close(po[0]);
		close(po[1]);
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		int e = errno;
		close(po[0]);
		close(po[1]);
		close(pe[0]);
		close(pe[1]);
		errno = e;
		return -1;
	}
	if (pid == 0) {
		char *argv[6];
		dup2(po[1], STDOUT_FILENO);
		dup2(pe[1], STDERR_FILENO);
		close(po[0]);
		close(po[1]);
		close(pe[0]);
		close(pe[1]);
		/* -B: no __pycache__ left in the user's project */
		argv[0] = (char *)python;
		argv[1] = (char *)"-B";
		argv[2] = (char *)"-c";
		argv[3] = (char *)program;
		argv[4] = (char *)arg;
		argv[5] = NULL;
		execvp(python, argv);
		_exit(127);
	}
	close(po[1]);
	close(pe[1]);
	{
		struct pollfd fds[2] = {{po[0], POLLIN, 0}, {pe[0], POLLIN, 0}};
		rt_buf *bufs[2] = {out, errout};
		int open_fds = 2;
		char chunk[65536];
		while (open_fds > 0) {
			if (poll(fds, 2, -1) < 0) {
				if (errno == EINTR)
					continue;
				break;
			}
			for (int i = 0; i < 2; i++) {
				ssize_t n;
				if (fds[i].fd < 0 || !fds[i].revents)
					continue;
				n = read(fds[i].fd, chunk, sizeof(chunk));
				if (n < 0 && errno == EINTR)
					continue;
				if (n <= 0) {
					close(fds[i].fd);
					fds[i].fd = -1;
					open_fds--;
					continue;
				}
				if (bufs[i])
					rt_buf_add(bufs[i], chunk, (size_t)n);
			}
		}
		for (int i = 0; i < 2; i++)
			if (fds[i].fd >= 0)
				close(fds[i].fd);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

/* The last non-empty line of text (NUL-terminated) into a new string
 * (malloc'd). */
static char *last_line(const char *text)
{
	const char *end = text + strlen(text), *start;
	while (end > text &&
	       (end[-1] == '\n' || end[-1] == '\r' || end[-1] == ' '))
		end--;
	start = end;
	while (start > text && start[-1] != '\n')
		start--;
	char *s = rt_xmalloc((size_t)(end - start) + 1);
	memcpy(s, start, (size_t)(end - start));
	s[end - start] = '\0';
	return s;
}

/* The bridge's error line into err: "FILE:LINE: message" gives the
 * place. */
static int bridge_error(rt_error *err, const char *python, const char *line)
{
	const char *msg = line, *colon;
	if (strncmp(line, BRIDGE_TAG, strlen(BRIDGE_TAG)) != 0) {
		rt_errorf(err, RT_EINPUT, "%s failed: %s", python,
			  *line ? line : "no message");
		return -1;
	}
	msg = line + strlen(BRIDGE_TAG);
	/* FILE:LINE: rest (FILE without ": ") */
	colon = strstr(msg, ": ");
	if (colon) {
		const char *p = colon;
		while (p > msg && p[-1] >= '0' && p[-1] <= '9')
			p--;
		if (p < colon && p > msg && p[-1] == ':') {
			char file[256];
			int n = (int)(p - 1 - msg);
			snprintf(file, sizeof(file), "%.*s", n, msg);
			rt_errorf(err, RT_EINPUT, "%s", colon + 2);
			rt_error_at(err, file, (int)strtol(p, NULL, 10), 0);
			return -1;
		}
	}
	rt_errorf(err, RT_EINPUT, "%s", msg);
	return -1;
}

int rt_load_py_bridge(rt_schema **out, rt_arena *a, const char *python,
		      const char *source, rt_error *err)
{
	rt_buf json = RT_BUF_INIT, errs = RT_BUF_INIT;
	char *line = NULL;
	int status, rc = -1;

	status = run(python, bridge_py, source, &json, &errs);
	if (status < 0) {
		rt_errorf(err, RT_EIO, "cannot run '%s': %s", python,
			  strerror(errno));
		goto done;
	}
	rt_buf_addch(&errs, '\0');
	if (status == 127 && strstr(errs.data, BRIDGE_TAG) == NULL) {
		rt_errorf(err, RT_EINPUT,
			  "cannot run the Python interpreter '%s'", python);
		rt_error_hint(err, "give one that exists: --python=PATH");
		goto done;
	}
	if (status != 0) {
		line = last_line(errs.data);
		bridge_error(err, python, line);
		goto done;
	}
	rc = rt_load_json_text(out, a, source, json.data ? json.data : "",
			       json.len, err);
	if (rc < 0 && !err->file[0])
		rt_error_detail(err, "in what %s printed for '%s'", python,
				source);
	else if (rc < 0)
		rt_error_at(err, source, err->line, err->col);
done:
	free(line);
	rt_buf_release(&json);
	rt_buf_release(&errs);
	return rc;
}

bool rt_load_py_bridge_available(const char *python)
{
	static struct {
		char *python;
		bool ok;
	} memo[8];
	static size_t nmemo;
	bool ok;

	for (size_t i = 0; i < nmemo; i++)
		if (strcmp(memo[i].python, python) == 0)
			return memo[i].ok;
	ok = run(python, "import sqlmodel", NULL, NULL, NULL) == 0;
	if (nmemo < RT_ARRAY_LEN(memo)) {
		memo[nmemo].python = rt_xstrdup(python);
		memo[nmemo].ok = ok;
		nmemo++;
	}
	return ok;
}
