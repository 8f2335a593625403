/* SPDX-License-Identifier: MIT */
/*
 * The migrations folder: its files in version order, the numbering checks,
 * the integrity file retort.sum (SHA-256 of each file, in sha256sum's
 * format, with OpenSSL's libcrypto) and the renumbering after two branches
 * added the same number.
 */
#include "base/common.h"
#include "base/map.h"
#include "migdir/migdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

static int entry_cmp(const void *x, const void *y)
{
	const rt_migdir_entry *a = x, *b = y;
	if (a->version != b->version)
		return a->version < b->version ? -1 : 1;
	return strcmp(a->name, b->name);
}

int rt_migdir_list(rt_vec *out, rt_arena *a, const char *dir, rt_error *err)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	rt_vec found = {0};
	if (!d)
		return rt_errorf(err, RT_EIO, "cannot open folder '%s': %s",
				 dir, strerror(errno));
	errno = 0;
	while ((de = readdir(d)) != NULL) {
		const char *n = de->d_name;
		size_t len = strlen(n);
		if (n[0] == '.' || len < 4 || strcmp(n + len - 4, ".sql") != 0)
			continue;
		rt_migdir_entry *e = RT_NEW(a, rt_migdir_entry);
		if (!rt_migdir_parse_name(&e->version, &e->slug, a, n)) {
			rt_errorf(err, RT_EINPUT,
				  "'%s/%s' is not a migration file name "
				  "(NNNN_slug.sql: 4 or more digits, a slug of "
				  "a-z, 0-9 and _)",
				  dir, n);
			rt_error_hint(err, "rename it, or move it out of the "
					   "migrations folder");
			closedir(d);
			return -1;
		}
		e->name = rt_arena_strdup(a, n);
		rt_vec_push(&found, a, e);
		errno = 0;
	}
	if (errno != 0) {
		rt_errorf(err, RT_EIO, "cannot read folder '%s': %s", dir,
			  strerror(errno));
		closedir(d);
		return -1;
	}
	closedir(d);
	rt_vec_sort(&found, entry_cmp);
	for (size_t i = 0; i < found.len; i++)
		rt_vec_push(out, a, found.items[i]);
	return 0;
}

uint64_t rt_migdir_next_version(const rt_vec *entries)
{
	uint64_t max = 0;
	for (size_t i = 0; i < entries->len; i++) {
		const rt_migdir_entry *e = entries->items[i];
		if (e->version > max)
			max = e->version;
	}
	return max + 1;
}

int rt_migdir_check_numbers(const char *dir, const rt_vec *entries,
			    rt_error *err)
{
	for (size_t i = 1; i < entries->len; i++) {
		const rt_migdir_entry *p = entries->items[i - 1];
		const rt_migdir_entry *e = entries->items[i];
		if (p->version != e->version)
			continue;
		rt_errorf(err, RT_EINPUT,
			  "two migrations numbered %04llu: '%s' and '%s'",
			  (unsigned long long)e->version, p->name, e->name);
		rt_error_at(err, dir, 0, 0);
		rt_error_hint(err, "two branches were merged; renumber so that "
				   "each number is used once (the migration "
				   "no database has applied moves to the end)");
		return -1;
	}
	return 0;
}

int rt_migdir_hash_file(char hex[65], const char *path, rt_error *err)
{
	FILE *f = fopen(path, "rb");
	EVP_MD_CTX *ctx = NULL;
	unsigned char md[EVP_MAX_MD_SIZE], chunk[65536];
	unsigned int mdlen = 0;
	size_t n;
	int rc = -1;
	if (!f)
		return rt_errorf(err, RT_EIO, "cannot open '%s': %s", path,
				 strerror(errno));
	ctx = EVP_MD_CTX_new();
	RT_ASSERT(ctx);
	if (EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1) {
		rt_errorf(err, RT_EINTERNAL, "cannot start SHA-256");
		goto done;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		EVP_DigestUpdate(ctx, chunk, n);
	if (ferror(f)) {
		rt_errorf(err, RT_EIO, "cannot read '%s': %s", path,
			  strerror(errno));
		goto done;
	}
	EVP_DigestFinal_ex(ctx, md, &mdlen);
	RT_ASSERT(mdlen == 32);
	for (unsigned int i = 0; i < mdlen; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	rc = 0;
done:
	EVP_MD_CTX_free(ctx);
	fclose(f);
	return rc;
}

void rt_migdir_hash_text(char hex[65], const void *data, size_t len)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	int ok = EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL);
	RT_ASSERT(ok == 1 && mdlen == 32);
	for (unsigned int i = 0; i < mdlen; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
}

static const char *join(rt_arena *a, const char *dir, const char *name)
{
	return rt_arena_printf(a, "%s/%s", dir, name);
}

static bool hex_digit(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	       (c >= 'A' && c <= 'F');
}

/* One line of retort.sum (no newline) into *out; RT_EINPUT when
 * malformed. */
static int sum_line(rt_migdir_sum *out, rt_arena *a, const char *path, char *s,
		    int line, rt_error *err)
{
	size_t n = strlen(s), i;
	if (n > 0 && s[n - 1] == '\r')
		s[--n] = '\0';
	if (strncmp(s, "<<<<<<<", 7) == 0 || strncmp(s, "=======", 7) == 0 ||
	    strncmp(s, ">>>>>>>", 7) == 0) {
		rt_errorf(err, RT_EINPUT, "merge conflict markers in '%s'",
			  path);
		rt_error_hint(err, "keep the lines of both sides, drop the "
				   "markers, then renumber");
		rt_error_at(err, path, line, 1);
		return -1;
	}
	for (i = 0; i < 64 && hex_digit(s[i]); i++)
		out->hex[i] =
		    (char)(s[i] >= 'A' && s[i] <= 'F' ? s[i] - 'A' + 'a'
						      : s[i]);
	out->hex[64] = '\0';
	if (i != 64 || s[64] != ' ' || (s[65] != ' ' && s[65] != '*') ||
	    s[66] == '\0') {
		rt_errorf(err, RT_EINPUT,
			  "malformed line in '%s' (expected '<SHA-256 in 64 "
			  "hex digits>  <file name>')",
			  path);
		rt_error_at(err, path, line, i != 64 ? (int)i + 1 : 65);
		return -1;
	}
	out->name = rt_arena_strdup(a, s + 66);
	out->line = line;
	if (!rt_migdir_parse_name(NULL, NULL, a, out->name)) {
		rt_errorf(err, RT_EINPUT,
			  "'%s' in '%s' is not a migration file name",
			  out->name, path);
		rt_error_at(err, path, line, 67);
		return -1;
	}
	return 0;
}

int rt_migdir_sum_read(rt_vec *out, bool *exists_out, rt_arena *a,
		       const char *dir, rt_error *err)
{
	const char *path = join(a, dir, RT_MIGDIR_SUM);
	FILE *f = fopen(path, "rb");
	char *line = NULL;
	size_t cap = 0;
	ssize_t got;
	int no = 0, rc = -1;
	rt_vec lines = {0};
	rt_map seen = {0};
	if (exists_out)
		*exists_out = f != NULL;
	if (!f) {
		if (errno == ENOENT)
			return 0;
		return rt_errorf(err, RT_EIO, "cannot open '%s': %s", path,
				 strerror(errno));
	}
	while ((got = getline(&line, &cap, f)) >= 0) {
		no++;
		if (got > 0 && line[got - 1] == '\n')
			line[--got] = '\0';
		if ((size_t)got != strlen(line)) {
			rt_errorf(err, RT_EINPUT, "unexpected NUL byte in '%s'",
				  path);
			rt_error_at(err, path, no, 0);
			goto done;
		}
		if (got == 0 || (got == 1 && line[0] == '\r'))
			continue;
		rt_migdir_sum *s = RT_NEW(a, rt_migdir_sum);
		if (sum_line(s, a, path, line, no, err) < 0)
			goto done;
		const rt_migdir_sum *o =
		    rt_map_get(&seen, s->name, strlen(s->name));
		if (o) {
			rt_errorf(err, RT_EINPUT,
				  "'%s' is recorded twice in '%s' (first at "
				  "line %d)",
				  s->name, path, o->line);
			rt_error_at(err, path, no, 67);
			goto done;
		}
		rt_map_put(&seen, a, s->name, strlen(s->name), s);
		rt_vec_push(&lines, a, s);
	}
	if (ferror(f)) {
		rt_errorf(err, RT_EIO, "cannot read '%s': %s", path,
			  strerror(errno));
		goto done;
	}
	for (size_t i = 0; i < lines.len; i++)
		rt_vec_push(out, a, lines.items[i]);
	rc = 0;
done:
	free(line);
	fclose(f);
	return rc;
}

/* Writes the lines of sums (rt_migdir_sum *) to dir/retort.sum through a
 * temporary file renamed over it. */
static int sum_store(const char *dir, const rt_vec *sums, rt_arena *a,
		     rt_error *err)
{
	const char *path = join(a, dir, RT_MIGDIR_SUM);
	const char *tmp = join(a, dir, "." RT_MIGDIR_SUM ".tmp");
	FILE *f = fopen(tmp, "wb");
	if (!f)
		return rt_errorf(err, RT_EIO, "cannot create '%s': %s", tmp,
				 strerror(errno));
	for (size_t i = 0; i < sums->len; i++) {
		const rt_migdir_sum *s = sums->items[i];
		fprintf(f, "%s  %s\n", s->hex, s->name);
	}
	bool ok = fflush(f) == 0 && fsync(fileno(f)) == 0;
	int saved = errno;
	if (fclose(f) != 0 && ok) {
		ok = false;
		saved = errno;
	}
	if (ok && rename(tmp, path) != 0) {
		ok = false;
		saved = errno;
	}
	if (!ok) {
		unlink(tmp);
		return rt_errorf(err, RT_EIO, "cannot write '%s': %s", path,
				 strerror(saved));
	}
	return 0;
}

int rt_migdir_sum_write(const char *dir, const rt_vec *entries, rt_arena *a,
			rt_error *err)
{
	rt_vec sums = {0};
	for (size_t i = 0; i < entries->len; i++) {
		const rt_migdir_entry *e = entries->items[i];
		rt_migdir_sum *s = RT_NEW(a, rt_migdir_sum);
		s->name = e->name;
		if (rt_migdir_hash_file(s->hex, join(a, dir, e->name), err) < 0)
			return -1;
		rt_vec_push(&sums, a, s);
	}
	return sum_store(dir, &sums, a, err);
}

static int sum_cmp(const void *x, const void *y);

int rt_migdir_sum_record(const char *dir, const char *name, rt_arena *a,
			 rt_error *err)
{
	rt_vec sums = {0};
	rt_migdir_sum *s = NULL;
	RT_ASSERT(rt_migdir_parse_name(NULL, NULL, a, name));
	if (rt_migdir_sum_read(&sums, NULL, a, dir, err) < 0)
		return -1;
	for (size_t i = 0; i < sums.len && !s; i++)
		if (strcmp(((rt_migdir_sum *)sums.items[i])->name, name) == 0)
			s = sums.items[i];
	if (!s) {
		s = RT_NEW(a, rt_migdir_sum);
		s->name = rt_arena_strdup(a, name);
		rt_vec_push(&sums, a, s);
	}
	if (rt_migdir_hash_file(s->hex, join(a, dir, name), err) < 0)
		return -1;
	rt_vec_sort(&sums, sum_cmp);
	return sum_store(dir, &sums, a, err);
}

static void problem(rt_vec *out, rt_arena *a, rt_migdir_problem_kind kind,
		    const char *name, const char *recorded, const char *actual,
		    int line)
{
	rt_migdir_problem *p = RT_NEW(a, rt_migdir_problem);
	p->kind = kind;
	p->name = name;
	p->recorded = recorded;
	p->actual = actual;
	p->line = line;
	rt_vec_push(out, a, p);
}

int rt_migdir_verify(rt_vec *problems, rt_arena *a, const char *dir,
		     rt_error *err)
{
	rt_vec entries = {0}, sums = {0};
	if (rt_migdir_list(&entries, a, dir, err) < 0 ||
	    rt_migdir_sum_read(&sums, NULL, a, dir, err) < 0)
		return -1;
	bool *seen = rt_arena_alloc(a, entries.len + 1);
	rt_map index = {0}; /* name -> position + 1 in entries */
	for (size_t k = 0; k < entries.len; k++) {
		const rt_migdir_entry *e = entries.items[k];
		rt_map_put(&index, a, e->name, strlen(e->name),
			   (void *)(uintptr_t)(k + 1));
	}
	for (size_t i = 0; i < sums.len; i++) {
		const rt_migdir_sum *s = sums.items[i];
		size_t k = (size_t)(uintptr_t)rt_map_get(&index, s->name,
							 strlen(s->name));
		if (k-- == 0) {
			problem(problems, a, RT_MIGDIR_MISSING, s->name, s->hex,
				NULL, s->line);
			continue;
		}
		seen[k] = true;
		char *hex = rt_arena_alloc(a, 65);
		if (rt_migdir_hash_file(hex, join(a, dir, s->name), err) < 0)
			return -1;
		if (strcmp(hex, s->hex) != 0)
			problem(problems, a, RT_MIGDIR_EDITED, s->name, s->hex,
				hex, s->line);
	}
	for (size_t k = 0; k < entries.len; k++) {
		const rt_migdir_entry *e = entries.items[k];
		if (seen[k])
			continue;
		char *hex = rt_arena_alloc(a, 65);
		if (rt_migdir_hash_file(hex, join(a, dir, e->name), err) < 0)
			return -1;
		problem(problems, a, RT_MIGDIR_UNRECORDED, e->name, NULL, hex,
			0);
	}
	return 0;
}

int rt_migdir_problem_error(rt_error *err, const char *dir,
			    const rt_migdir_problem *p)
{
	switch (p->kind) {
	case RT_MIGDIR_EDITED:
		rt_errorf(err, RT_EINPUT,
			  "migration '%s' was edited since " RT_MIGDIR_SUM
			  " recorded it",
			  p->name);
		rt_error_detail(err, "recorded %.12s, now %.12s", p->recorded,
				p->actual);
		rt_error_hint(err,
			      "if no database has applied it, record the edit "
			      "again; otherwise undo it and write a new "
			      "migration");
		break;
	case RT_MIGDIR_MISSING:
		rt_errorf(err, RT_EINPUT,
			  "migration '%s' is recorded in " RT_MIGDIR_SUM
			  " but missing",
			  p->name);
		rt_error_hint(err, "restore the file (git checkout), or drop "
				   "its line if no database has applied it");
		break;
	case RT_MIGDIR_UNRECORDED:
		rt_errorf(err, RT_EINPUT,
			  "migration '%s' is not recorded in " RT_MIGDIR_SUM,
			  p->name);
		rt_error_hint(err, "a file added by hand: record it once "
				   "reviewed");
		break;
	}
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", dir, RT_MIGDIR_SUM);
	rt_error_at(err, path, p->line, 0);
	return -1;
}

static int digits(const char *name)
{
	int n = 0;
	while (name[n] >= '0' && name[n] <= '9')
		n++;
	return n;
}

void rt_migdir_renumber_plan(rt_vec *out, rt_arena *a, const rt_vec *entries,
			     const rt_vec *keep)
{
	rt_vec movers = {0};
	rt_map kept = {0};
	for (size_t i = 0; keep && i < keep->len; i++) {
		const char *k = keep->items[i];
		rt_map_put(&kept, a, k, strlen(k), (void *)k);
	}
	uint64_t next = rt_migdir_next_version(entries);
	int width = 4;
	for (size_t i = 0; i < entries->len; i++) {
		const rt_migdir_entry *e = entries->items[i];
		if (digits(e->name) > width)
			width = digits(e->name);
	}
	for (size_t i = 0; i < entries->len;) {
		size_t j = i;
		const rt_migdir_entry *first = entries->items[i];
		while (j < entries->len &&
		       ((rt_migdir_entry *)entries->items[j])->version ==
			   first->version)
			j++;
		size_t keeper = i;
		for (size_t k = i; k < j; k++) {
			const rt_migdir_entry *e = entries->items[k];
			if (rt_map_get(&kept, e->name, strlen(e->name))) {
				keeper = k;
				break;
			}
		}
		for (size_t k = i; k < j; k++)
			if (k != keeper)
				rt_vec_push(&movers, a, entries->items[k]);
		i = j;
	}
	for (size_t i = 0; i < movers.len; i++) {
		const rt_migdir_entry *e = movers.items[i];
		rt_migdir_rename *r = RT_NEW(a, rt_migdir_rename);
		r->from = e->name;
		r->to = rt_arena_printf(a, "%0*llu_%s.sql", width,
					(unsigned long long)next++, e->slug);
		rt_vec_push(out, a, r);
	}
}

static int sum_cmp(const void *x, const void *y)
{
	const rt_migdir_sum *a = x, *b = y;
	uint64_t va = 0, vb = 0;
	rt_migdir_parse_name(&va, NULL, NULL, a->name);
	rt_migdir_parse_name(&vb, NULL, NULL, b->name);
	if (va != vb)
		return va < vb ? -1 : 1;
	return strcmp(a->name, b->name);
}

/* Renames plan[0..n) backwards (undoing them). */
static void undo(const char *dir, const rt_vec *plan, size_t n, rt_arena *a)
{
	while (n-- > 0) {
		const rt_migdir_rename *r = plan->items[n];
		(void)rename(join(a, dir, r->to), join(a, dir, r->from));
	}
}

int rt_migdir_renumber_apply(const char *dir, const rt_vec *plan, rt_arena *a,
			     rt_error *err)
{
	rt_vec sums = {0};
	bool exists = false;
	if (rt_migdir_sum_read(&sums, &exists, a, dir, err) < 0)
		return -1;
	for (size_t i = 0; i < plan->len; i++) {
		const rt_migdir_rename *r = plan->items[i];
		const char *from = join(a, dir, r->from);
		const char *to = join(a, dir, r->to);
		if (renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) !=
		    0) {
			rt_errorf(err, RT_EIO, "cannot rename '%s' to '%s': %s",
				  from, r->to, strerror(errno));
			undo(dir, plan, i, a);
			return -1;
		}
	}
	if (!exists)
		return 0;
	rt_map moved = {0};
	for (size_t k = 0; k < plan->len; k++) {
		const rt_migdir_rename *r = plan->items[k];
		rt_map_put(&moved, a, r->from, strlen(r->from), (void *)r->to);
	}
	for (size_t i = 0; i < sums.len; i++) {
		rt_migdir_sum *s = sums.items[i];
		const char *to = rt_map_get(&moved, s->name, strlen(s->name));
		if (to)
			s->name = to;
	}
	rt_vec_sort(&sums, sum_cmp);
	if (sum_store(dir, &sums, a, err) < 0) {
		undo(dir, plan, plan->len, a);
		return -1;
	}
	return 0;
}
