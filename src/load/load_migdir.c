/* SPDX-License-Identifier: MIT */
/*
 * The migrations folder as a schema source: the -- +up statements of its
 * files replayed in version order by the SQL loader (a run of
 * rt_load_sql_begin / _apply / _finish), and the snapshot in
 * <dir>/.retort/snapshot that lets a later call read the schema back and
 * parse only the files added since. load.h (rt_load_migrations) and
 * README.md ("Migrations as a source") describe the snapshot's contract.
 */
#include "base/common.h"
#include "base/buf.h"
#include "load/load.h"
#include "load/load_int.h"
#include "migdir/migdir.h"
#include "schema/snap.h"

#include <dirent.h>
#include <sqlite3.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

/* A migration file to replay. */
typedef struct mfile {
	const rt_migdir_entry *e;
	const char *path; /* dir/name: the file in errors */
	char hex[65];	  /* its SHA-256, when the snapshot is used */
} mfile;

static const char *dialect_name(rt_dialect d)
{
	return d == RT_DIALECT_SQLITE ? "sqlite" : "postgresql";
}

/*
 * The program that writes or reads a snapshot: its executable's device,
 * inode, size and modification time. A snapshot is the loader's output,
 * and another build may load the same files differently (a fixed bug, a
 * new field), so a snapshot of another build is rebuilt. "unknown" where
 * /proc/self/exe cannot be read: builds are then not told apart.
 */
static const char *build_id(rt_arena *a)
{
	struct stat st;
	if (stat("/proc/self/exe", &st) != 0)
		return "unknown";
	return rt_arena_printf(
	    a, "%llx:%llx:%lld:%lld.%09ld", (unsigned long long)st.st_dev,
	    (unsigned long long)st.st_ino, (long long)st.st_size,
	    (long long)st.st_mtim.tv_sec, (long)st.st_mtim.tv_nsec);
}

/* ---- reading the snapshot ----------------------------------------------- */

/* The next line of text[*pos..len) without its '\n' into line[0..n);
 * false at the end or when the line has no '\n'. */
static bool next_line(const char *text, size_t len, size_t *pos,
		      const char **line, size_t *n)
{
	const char *s = text + *pos;
	const char *nl = memchr(s, '\n', len - *pos);
	if (!nl)
		return false;
	*line = s;
	*n = (size_t)(nl - s);
	*pos += *n + 1;
	return true;
}

/* true when line[0..n) is word, a space, then the rest (into *rest). */
static bool keyword(const char *line, size_t n, const char *word,
		    const char **rest, size_t *rn)
{
	size_t w = strlen(word);
	if (n <= w + 1 || memcmp(line, word, w) != 0 || line[w] != ' ')
		return false;
	*rest = line + w + 1;
	*rn = n - w - 1;
	return true;
}

static bool equals(const char *s, size_t n, const char *want)
{
	return strlen(want) == n && memcmp(s, want, n) == 0;
}

static bool is_hex64(const char *s)
{
	for (int i = 0; i < 64; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		      (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

/* Decimal digits s[0..n) (at most 18) into *v. */
static bool decimal(const char *s, size_t n, uint64_t *v)
{
	*v = 0;
	if (n == 0 || n > 18)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		*v = *v * 10 + (uint64_t)(s[i] - '0');
	}
	return true;
}

/* A parsed snapshot: its body is text[body..len), a SQLite database's
 * image (image bytes, SQLite only) then the schema (rt_snap_write), each
 * with its byte count and SHA-256 in the key. */
typedef struct snapshot {
	rt_buf text;
	size_t body, image;
	char image_hex[64]; /* the image's SHA-256, as the key says */
	size_t cached; /* the files (a prefix of those replayed) it covers */
} snapshot;

/*
 * Checks the snapshot sn->text for the files to replay: its format,
 * dialect and build, its list of files against files[0..n) (names and
 * hashes), the byte counts of the body's parts and the schema part's
 * hash (the image's is checked by snapshot_db). Returns the use:
 * RT_SNAPSHOT_PREFIX or RT_SNAPSHOT_HIT when it may be used (then
 * sn->body, sn->image and sn->cached say where and what),
 * RT_SNAPSHOT_STALE or RT_SNAPSHOT_INVALID when it may not. Nothing of
 * the body is decoded here.
 */
static rt_load_snapshot_use snapshot_parse(snapshot *sn, rt_arena *a,
					   const mfile *files, size_t n,
					   rt_dialect dialect)
{
	const char *text = sn->text.data, *line, *rest;
	size_t len = sn->text.len, pos = 0, ln, rn, k = 0;
	uint64_t bytes, image;
	char hex[65];

	/* the format first: a newer one is never read further */
	if (!next_line(text, len, &pos, &line, &ln) ||
	    !keyword(line, ln, "retort-snapshot", &rest, &rn))
		return RT_SNAPSHOT_INVALID;
	if (!equals(rest, rn,
		    rt_arena_printf(a, "%d", RT_LOAD_SNAPSHOT_VERSION)))
		return RT_SNAPSHOT_INVALID;
	if (!next_line(text, len, &pos, &line, &ln) ||
	    !keyword(line, ln, "dialect", &rest, &rn))
		return RT_SNAPSHOT_INVALID;
	if (!equals(rest, rn, dialect_name(dialect)))
		return RT_SNAPSHOT_STALE;
	if (!next_line(text, len, &pos, &line, &ln) ||
	    !keyword(line, ln, "build", &rest, &rn))
		return RT_SNAPSHOT_INVALID;
	if (!equals(rest, rn, build_id(a)))
		return RT_SNAPSHOT_STALE;
	/* "file <hex>  <name>" lines, "image <bytes> <hex>", then
	 * "schema <bytes> <hex>" */
	for (;;) {
		if (!next_line(text, len, &pos, &line, &ln))
			return RT_SNAPSHOT_INVALID;
		if (!keyword(line, ln, "file", &rest, &rn))
			break;
		if (rn < 67 || !is_hex64(rest) || rest[64] != ' ' ||
		    rest[65] != ' ')
			return RT_SNAPSHOT_INVALID;
		if (k >= n || !equals(rest + 66, rn - 66, files[k].e->name) ||
		    memcmp(rest, files[k].hex, 64) != 0)
			return RT_SNAPSHOT_STALE;
		k++;
	}
	/* the image's hash is checked when the image is used (a prefix),
	 * the schema's now */
	if (!keyword(line, ln, "image", &rest, &rn) || rn < 66 ||
	    rest[rn - 65] != ' ' || !is_hex64(rest + rn - 64) ||
	    !decimal(rest, rn - 65, &image) ||
	    (dialect != RT_DIALECT_SQLITE && image != 0))
		return RT_SNAPSHOT_INVALID;
	memcpy(sn->image_hex, rest + rn - 64, 64);
	if (!next_line(text, len, &pos, &line, &ln) ||
	    !keyword(line, ln, "schema", &rest, &rn) || rn < 66 ||
	    rest[rn - 65] != ' ' || !is_hex64(rest + rn - 64) ||
	    !decimal(rest, rn - 65, &bytes) || image > len - pos ||
	    bytes != len - pos - image)
		return RT_SNAPSHOT_INVALID;
	rt_migdir_hash_text(hex, text + pos + image, (size_t)bytes);
	if (memcmp(hex, rest + rn - 64, 64) != 0)
		return RT_SNAPSHOT_INVALID;
	sn->body = pos;
	sn->image = (size_t)image;
	sn->cached = k;
	return k == n ? RT_SNAPSHOT_HIT : RT_SNAPSHOT_PREFIX;
}

/* Reads dir's snapshot into sn->text and checks it (snapshot_parse);
 * RT_SNAPSHOT_NONE when there is no file, RT_SNAPSHOT_INVALID when it
 * cannot be read. */
static rt_load_snapshot_use snapshot_read(snapshot *sn, rt_arena *a,
					  const char *dir, const mfile *files,
					  size_t n, rt_dialect dialect)
{
	const char *path = rt_arena_printf(
	    a, "%s/" RT_LOAD_SNAPSHOT_DIR "/" RT_LOAD_SNAPSHOT_FILE, dir);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat sb;
	bool ok;
	if (fd < 0)
		return errno == ENOENT ? RT_SNAPSHOT_NONE : RT_SNAPSHOT_INVALID;
	ok = fstat(fd, &sb) == 0 && sb.st_size > 0;
	if (ok) {
		/* one read of its size (a file renamed over it meanwhile is
		 * another inode: this one stays whole) */
		size_t want = (size_t)sb.st_size, got = 0;
		rt_buf_grow(&sn->text, want);
		while (got < want) {
			ssize_t r = read(fd, sn->text.data + got, want - got);
			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0)
				break;
			got += (size_t)r;
		}
		ok = got == want;
		if (ok) {
			sn->text.len = want;
			sn->text.data[want] = '\0';
		}
	}
	close(fd);
	if (!ok)
		return RT_SNAPSHOT_INVALID;
	return snapshot_parse(sn, a, files, n, dialect);
}

/* The schema in sn's body, its places under dir; NULL when it does not
 * decode (then the snapshot is not used). */
static rt_schema *snapshot_schema(const snapshot *sn, rt_arena *a,
				  const char *dir, const char *source)
{
	rt_schema *s = NULL;
	rt_error ignore = RT_ERROR_INIT;
	size_t at = sn->body + sn->image;
	if (rt_snap_read(&s, a, sn->text.data + at, sn->text.len - at, dir,
			 &ignore) < 0)
		return NULL;
	s->source = rt_arena_strdup(a, source);
	return s;
}

/* A new in-memory SQLite database holding sn's image, or NULL when
 * SQLite cannot open it (then the snapshot is not used). */
static sqlite3 *snapshot_db(const snapshot *sn)
{
	sqlite3 *db = NULL;
	sqlite3_int64 sz = (sqlite3_int64)sn->image;
	unsigned char *img;
	char hex[65];
	bool ok;
	rt_migdir_hash_text(hex, sn->text.data + sn->body, sn->image);
	if (memcmp(hex, sn->image_hex, 64) != 0)
		return NULL;
	img = sz ? sqlite3_malloc64((sqlite3_uint64)sz) : NULL;
	ok = img && sqlite3_open_v2(":memory:", &db,
				    SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY,
				    NULL) == SQLITE_OK;
	if (ok) {
		memcpy(img, sn->text.data + sn->body, (size_t)sz);
		/* the database owns img from here, even on failure */
		ok = sqlite3_deserialize(db, "main", img, sz, sz,
					 SQLITE_DESERIALIZE_FREEONCLOSE |
					     SQLITE_DESERIALIZE_RESIZEABLE) ==
		     SQLITE_OK;
		img = NULL;
	}
	/* an image SQLite cannot read is not trusted */
	ok = ok && sqlite3_exec(db, "PRAGMA quick_check", NULL, NULL, NULL) ==
		       SQLITE_OK;
	sqlite3_free(img);
	if (!ok) {
		sqlite3_close(db);
		return NULL;
	}
	return db;
}

/* ---- writing it ---------------------------------------------------------- */

/* Writes all of data[0..n) to fd. */
static bool write_all(int fd, const char *data, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, data, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		data += w;
		n -= (size_t)w;
	}
	return true;
}

/* dir/.retort, with a .gitignore that keeps it out of commits. */
static bool snapshot_dir(rt_arena *a, const char *dir, const char **out)
{
	const char *sd = rt_arena_printf(a, "%s/" RT_LOAD_SNAPSHOT_DIR, dir);
	const char *gi = rt_arena_printf(a, "%s/.gitignore", sd);
	static const char ignore[] =
	    "# retort's replay snapshot: a cache, rebuilt when needed\n*\n";
	int fd;
	if (mkdir(sd, 0777) != 0 && errno != EEXIST)
		return false;
	fd = open(gi, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	if (fd >= 0) {
		bool ok = write_all(fd, ignore, sizeof(ignore) - 1);
		close(fd);
		if (!ok)
			unlink(gi);
	}
	*out = sd;
	return true;
}

/*
 * Writes the snapshot of s, the schema of files[0..n), into dir: the key,
 * then the body (img[0..ilen), SQLite's database image, then s in
 * rt_snap_write's form, its places relative to dir, which may be spelled
 * otherwise next time), through a temporary file renamed over the old
 * snapshot so that a reader sees one or the other whole. No fsync: a
 * snapshot that a crash truncates fails its byte count or hash and is
 * rebuilt. With max_body, a body larger than that is not written (and an
 * old snapshot goes). false when it cannot be written.
 */
static bool snapshot_write(rt_arena *a, const char *dir, const mfile *files,
			   size_t n, const rt_schema *s, rt_dialect dialect,
			   const void *img, size_t ilen, size_t max_body)
{
	rt_buf head = RT_BUF_INIT, body = RT_BUF_INIT;
	const char *sd, *tmp, *path;
	char hex[65], ihex[65];
	int fd = -1;
	bool ok = false;

	rt_buf_add(&body, img, ilen);
	if (!rt_snap_write(&body, s, dir))
		goto done;
	if (max_body && body.len > max_body) {
		/* dearer to read than the files are to replay: none at all,
		 * not even an old one */
		unlink(rt_arena_printf(
		    a, "%s/" RT_LOAD_SNAPSHOT_DIR "/" RT_LOAD_SNAPSHOT_FILE,
		    dir));
		goto done;
	}
	if (!snapshot_dir(a, dir, &sd))
		goto done;
	rt_migdir_hash_text(ihex, body.data, ilen);
	rt_migdir_hash_text(hex, body.data + ilen, body.len - ilen);
	rt_buf_addf(&head, "retort-snapshot %d\ndialect %s\nbuild %s\n",
		    RT_LOAD_SNAPSHOT_VERSION, dialect_name(dialect),
		    build_id(a));
	for (size_t i = 0; i < n; i++)
		rt_buf_addf(&head, "file %s  %s\n", files[i].hex,
			    files[i].e->name);
	rt_buf_addf(&head, "image %zu %s\nschema %zu %s\n", ilen, ihex,
		    body.len - ilen, hex);

	tmp = rt_arena_printf(a, "%s/" RT_LOAD_SNAPSHOT_FILE ".XXXXXX", sd);
	path = rt_arena_printf(a, "%s/" RT_LOAD_SNAPSHOT_FILE, sd);
	fd = mkstemp((char *)tmp);
	if (fd < 0)
		goto done;
	ok = fchmod(fd, 0644) == 0 && write_all(fd, head.data, head.len) &&
	     write_all(fd, body.data, body.len);
	ok = close(fd) == 0 && ok;
	ok = ok && rename(tmp, path) == 0;
	if (!ok)
		unlink(tmp);
done:
	rt_buf_release(&head);
	rt_buf_release(&body);
	return ok;
}

/* ---- the replay -----------------------------------------------------------
 */

/* The files of dir to replay (through version upto, 0: all) into
 * *files_out (in arena a); *whole is true when that is every file. */
static int select_files(mfile **files_out, size_t *n_out, bool *whole,
			rt_arena *a, const char *dir, uint64_t upto,
			rt_error *err)
{
	rt_vec entries = {0};
	size_t n = 0;
	bool found = upto == 0;
	mfile *files;
	if (rt_migdir_list(&entries, a, dir, err) < 0 ||
	    rt_migdir_check_numbers(dir, &entries, err) < 0)
		return -1;
	files = rt_arena_alloc(a, (entries.len + 1) * sizeof(*files));
	for (size_t i = 0; i < entries.len; i++) {
		const rt_migdir_entry *e = entries.items[i];
		if (upto && e->version > upto)
			break;
		found |= e->version == upto;
		memset(&files[n], 0, sizeof(files[n]));
		files[n].e = e;
		files[n].path = rt_arena_printf(a, "%s/%s", dir, e->name);
		n++;
	}
	if (!found) {
		rt_errorf(err, RT_EINPUT,
			  "no migration numbered %04llu in '%s'",
			  (unsigned long long)upto, dir);
		rt_error_at(err, dir, 0, 0);
		return -1;
	}
	*files_out = files;
	*n_out = n;
	*whole = n == entries.len;
	return 0;
}

/* Executes the -- +up statements of files[from..n) in run r. */
static int replay(rt_load_sql_run *r, rt_arena *a, const mfile *files,
		  size_t from, size_t n, rt_error *err)
{
	for (size_t i = from; i < n; i++) {
		rt_migration *m;
		if (rt_migdir_read(&m, a, files[i].path, err) < 0)
			return -1;
		rt_load_sql_session(r);
		for (size_t j = 0; j < m->up.stmts.len; j++) {
			const rt_migdir_stmt *st = m->up.stmts.items[j];
			if (rt_load_sql_apply(r, files[i].path, st->sql,
					      st->line, st->col, err) < 0)
				return -1;
		}
	}
	return 0;
}

/* Runs one statement of file path (its text st->sql at st->line:st->col)
 * on db; an error is RT_EINPUT at its place with SQLite's message. */
static int sqlite_exec(sqlite3 *db, const char *path, const rt_migdir_stmt *st,
		       rt_error *err)
{
	const char *at = st->sql;
	while (*at) {
		sqlite3_stmt *q = NULL;
		const char *tail = NULL;
		int step = SQLITE_OK;
		if (sqlite3_prepare_v2(db, at, -1, &q, &tail) == SQLITE_OK) {
			if (!q)
				break; /* blanks and comments only */
			step = sqlite3_step(q);
			while (step == SQLITE_ROW)
				step = sqlite3_step(q);
		}
		if (!q || step != SQLITE_DONE) {
			int off = sqlite3_error_offset(db);
			const char *end = off >= 0 ? at + off : at;
			int line = st->line, col = st->col;
			for (const char *c = st->sql; c < end; c++) {
				if (*c == '\n') {
					line++;
					col = 1;
				} else if (((unsigned char)*c & 0xc0) != 0x80) {
					col++;
				}
			}
			rt_errorf(err, RT_EINPUT, "%s", sqlite3_errmsg(db));
			rt_error_at(err, path, line, off >= 0 ? col : 0);
			sqlite3_finalize(q);
			return -1;
		}
		sqlite3_finalize(q);
		at = tail;
	}
	return 0;
}

/*
 * SQLite: the -- +up statements of files[from..n) run in db, an in-memory
 * SQLite database (new, or opened from the snapshot's image of the first
 * from files), which the SQLite loader then reads: SQLite's own parser
 * and catalog, so the schema is exactly what the files build. The
 * snapshot keeps the database's image for the files after it (executing
 * DDL costs SQLite time in the number of tables for every statement, so
 * replaying the first files again would cost more than opening it) and
 * the model in binary form, with the keys and references the SQLite
 * loader gave its expressions, for a full hit: 21 ms of CPU at 1,000
 * tables, against 153 ms to open the image, check it and load it.
 */
static int replay_sqlite(sqlite3 *db, rt_arena *a, const mfile *files,
			 size_t from, size_t n, rt_error *err)
{
	for (size_t i = from; i < n; i++) {
		rt_migration *m;
		if (rt_migdir_read(&m, a, files[i].path, err) < 0)
			return -1;
		for (size_t j = 0; j < m->up.stmts.len; j++)
			if (sqlite_exec(db, files[i].path, m->up.stmts.items[j],
					err) < 0)
				return -1;
	}
	return 0;
}

/* SHA-256 of each of files[0..n): the snapshot's key; a file known
 * (opts' known, by name at its place) is not read again. */
static int hash_files(mfile *files, size_t n, const rt_vec *known,
		      rt_error *err)
{
	for (size_t i = 0; i < n; i++) {
		const rt_migdir_sum *k =
		    known && i < known->len ? known->items[i] : NULL;
		if (k && strcmp(k->name, files[i].e->name) == 0 &&
		    strlen(k->hex) == 64) {
			memcpy(files[i].hex, k->hex, 65);
			continue;
		}
		if (rt_migdir_hash_file(files[i].hex, files[i].path, err) < 0)
			return -1;
	}
	return 0;
}

/*
 * The SQLite way of rt_load_migrations, from the files' selection on. A
 * full hit reads the schema from the snapshot's body, as for PostgreSQL
 * (the SQLite loader's keys and references included); a prefix opens
 * the database image kept beside it and runs the files after it there.
 */
static int migrations_sqlite(rt_schema **out, rt_arena *a, const char *d,
			     const char *dir, mfile *files, size_t n,
			     bool whole, rt_load_migrations_stats *st,
			     bool use_snapshot, const rt_vec *known,
			     rt_error *err)
{
	sqlite3 *db = NULL;
	snapshot sn = {.text = RT_BUF_INIT};
	size_t cached = 0;
	int rc = -1;
	if (use_snapshot) {
		if (hash_files(files, n, known, err) < 0)
			return -1;
		st->snapshot =
		    snapshot_read(&sn, a, d, files, n, RT_DIALECT_SQLITE);
		if (st->snapshot == RT_SNAPSHOT_HIT) {
			rt_schema *s = snapshot_schema(&sn, a, NULL, dir);
			if (s && s->dialect == RT_DIALECT_SQLITE) {
				st->files = st->cached = n;
				st->parsed = 0;
				*out = s;
				rc = 0;
				goto done;
			}
			st->snapshot = RT_SNAPSHOT_INVALID;
		} else if (st->snapshot == RT_SNAPSHOT_PREFIX) {
			db = snapshot_db(&sn);
			if (db)
				cached = sn.cached;
			else
				st->snapshot = RT_SNAPSHOT_INVALID;
		}
		rt_buf_release(&sn.text);
	}
	if (!db && sqlite3_open_v2(":memory:", &db,
				   SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY,
				   NULL) != SQLITE_OK) {
		rt_errorf(err, RT_EINTERNAL, "cannot open SQLite: %s",
			  db ? sqlite3_errmsg(db) : "out of memory");
		goto done;
	}
	/* the smallest pages for a new database: every table and index
	 * takes one at least, and the image is in the snapshot (4 KiB pages
	 * made 18 MB of it for 1,000 tables) */
	if (cached == 0)
		sqlite3_exec(db, "PRAGMA page_size = 512", NULL, NULL, NULL);
	if (replay_sqlite(db, a, files, cached, n, err) < 0 ||
	    rt_load_sqlite_db(out, a, db, dir, err) < 0)
		goto done;
	st->files = n;
	st->cached = cached;
	st->parsed = n - cached;
	if (use_snapshot && whole && n > 0) {
		sqlite3_int64 sz = 0;
		unsigned char *img = sqlite3_serialize(db, "main", &sz, 0);
		if (img)
			st->written = snapshot_write(a, d, files, n, *out,
						     RT_DIALECT_SQLITE, img,
						     (size_t)sz, 0);
		sqlite3_free(img);
	}
	rc = 0;
done:
	rt_buf_release(&sn.text);
	sqlite3_close(db);
	return rc;
}

int rt_load_migrations(rt_schema **out, rt_arena *a, const char *dir,
		       uint64_t upto, const rt_load_migrations_opts *opts,
		       rt_error *err)
{
	rt_load_migrations_opts none = {0};
	rt_load_migrations_stats st = {0};
	rt_schema *s = NULL;
	mfile *files;
	size_t n, cached = 0, dn = strlen(dir);
	bool whole;
	const char *d;

	if (!opts)
		opts = &none;
	st.snapshot = RT_SNAPSHOT_OFF;
	/* "migrations/" and "migrations" name the same files */
	while (dn > 1 && dir[dn - 1] == '/')
		dn--;
	d = rt_arena_strndup(a, dir, dn);
	if (select_files(&files, &n, &whole, a, d, upto, err) < 0)
		return -1;
	if (opts->dialect == RT_DIALECT_SQLITE) {
		if (migrations_sqlite(out, a, d, dir, files, n, whole, &st,
				      opts->use_snapshot, opts->known, err) < 0)
			return -1;
		if (opts->stats)
			*opts->stats = st;
		return 0;
	}
	/* with snapshot_if_cheaper, a snapshot whose body is more than
	 * RT_LOAD_SNAPSHOT_RATIO times the files' SQL is neither read nor
	 * written (the binary body is about 1.2 times a few CREATEs and a
	 * fifth of bench_lifecycle's 1,000 tables: a bound, not a choice) */
	size_t max_body = 0;
	bool use = opts->use_snapshot;
	if (use && opts->snapshot_if_cheaper) {
		struct stat sb;
		const char *sp = rt_arena_printf(
		    a, "%s/" RT_LOAD_SNAPSHOT_DIR "/" RT_LOAD_SNAPSHOT_FILE, d);
		size_t sql = 0;
		for (size_t i = 0; i < n; i++)
			if (stat(files[i].path, &sb) == 0)
				sql += (size_t)sb.st_size;
		max_body = sql * RT_LOAD_SNAPSHOT_RATIO + 1;
		if (stat(sp, &sb) == 0 &&
		    (size_t)sb.st_size > max_body + 4096 + n * 160) {
			/* not read, and gone: its rewrite would not be used
			 * either, and an old one must not be found later */
			use = false;
			st.snapshot = RT_SNAPSHOT_SKIPPED;
			unlink(sp);
		}
	}
	if (use) {
		snapshot sn = {.text = RT_BUF_INIT};
		if (hash_files(files, n, opts->known, err) < 0)
			return -1;
		st.snapshot = snapshot_read(&sn, a, d, files, n, opts->dialect);
		if (st.snapshot == RT_SNAPSHOT_HIT ||
		    st.snapshot == RT_SNAPSHOT_PREFIX) {
			s = snapshot_schema(&sn, a, d, dir);
			if (s && s->dialect == RT_DIALECT_PG) {
				cached = sn.cached;
			} else {
				s = NULL;
				st.snapshot = RT_SNAPSHOT_INVALID;
			}
		}
		rt_buf_release(&sn.text);
	}
	if (st.snapshot == RT_SNAPSHOT_HIT) {
		/* finished as written: nothing to replay */
		st.files = st.cached = n;
		if (opts->stats)
			*opts->stats = st;
		*out = s;
		return 0;
	}
	rt_load_sql_run *r = rt_load_sql_begin(a, s, dir);
	if (replay(r, a, files, cached, n, err) < 0)
		return -1;
	s = rt_load_sql_finish(r);
	st.files = n;
	st.cached = cached;
	st.parsed = n - cached;
	if (use && whole && n > 0 && !rt_load_sql_stateful(r))
		st.written = snapshot_write(a, d, files, n, s, opts->dialect,
					    NULL, 0, max_body);
	if (opts->stats)
		*opts->stats = st;
	*out = s;
	return 0;
}

bool rt_load_is_migrations_dir(const char *dir)
{
	DIR *dp = opendir(dir);
	struct dirent *de;
	bool found = false;
	if (!dp)
		return false;
	while ((de = readdir(dp)) != NULL) {
		const char *name = de->d_name;
		size_t len = strlen(name);
		if (name[0] == '.')
			continue;
		if (len > 3 && strcmp(name + len - 3, ".py") == 0) {
			found = false;
			break;
		}
		if (strcmp(name, RT_MIGDIR_SUM) == 0 ||
		    rt_migdir_parse_name(NULL, NULL, NULL, name))
			found = true;
	}
	closedir(dp);
	return found;
}
