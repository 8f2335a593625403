/* SPDX-License-Identifier: MIT */
/*
 * The static SQLModel reader: finds the project's modules (a file, a
 * directory, a dotted module name, and what they import from the
 * project), binds their names (classes, constants, imports), resolves
 * classes (bases, MRO, fields, enum members), and hands the table classes
 * to load_sqlmodel_table.c, which builds the model from them on
 * PostgreSQL (through the SQL loader's functions, as if it had run the DDL
 * SQLModel.metadata.create_all runs) and writes that DDL on SQLite (run in
 * an in-memory database the live loader reads) or when the direct build
 * fails (for the error). Nothing of the user's code is run.
 */
#include "base/common.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/stat.h>
#include <unistd.h>

#include "load/load_int.h"
#include "load/load_sqlmodel_int.h"
#include "schema/schema.h"

typedef enum bkind {
	B_CLASS,
	B_EXPR,
	B_MODULE, /* import a.b (as x) */
	B_FROM,	  /* from a.b import attr (as x) */
} bkind;

typedef struct binding {
	bkind kind;
	bool has_val; /* val: what an import stands for, worked out once */
	sm_val val;
	sm_class *cls;
	rt_py_expr *expr;
	const char *module; /* absolute dotted name */
	const char *attr;
} binding;

int rt_load__sm_fail(sm *r, sm_module *m, int line, bool refusal,
		     const char *fmt, ...)
{
	char msg[480];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	rt_errorf(r->err, RT_EINPUT, "%s", msg);
	if (m)
		rt_error_at(r->err, m->path, line, 0);
	r->refused = refusal;
	return -1;
}

/* ---- files and modules --------------------------------------------- */

static bool is_file(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

static bool is_directory(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static int read_file(sm *r, const char *path, char **out, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return rt_errorf(r->err, RT_EIO, "cannot read '%s': %s", path,
				 strerror(errno));
	rt_buf b = RT_BUF_INIT;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		rt_buf_add(&b, chunk, n);
		if (b.len > RT_PY_FILE_MAX) {
			fclose(f);
			rt_buf_release(&b);
			rt_errorf(r->err, RT_EINPUT,
				  "file too large (over %d MiB)",
				  RT_PY_FILE_MAX >> 20);
			rt_error_at(r->err, path, 0, 0);
			return -1;
		}
	}
	bool bad = ferror(f);
	fclose(f);
	if (bad) {
		rt_buf_release(&b);
		return rt_errorf(r->err, RT_EIO, "cannot read '%s'", path);
	}
	*len = b.len;
	*out = rt_buf_detach_arena(&b, r->a);
	return 0;
}

static int scan_module(sm *r, sm_module *m);

/* path as modules show it: relative to the current directory when below
 * it. */
static const char *shown_path(sm *r, const char *path)
{
	size_t cl = r->cwd ? strlen(r->cwd) : 0;
	if (cl && !strncmp(path, r->cwd, cl) && path[cl] == '/')
		return path + cl + 1;
	return path;
}

/* ---- parsing a package's modules on two threads ----------------------
 *
 * Before a package is loaded, the .py files directly in its directory
 * (the model modules, most often) are parsed by this thread and a helper
 * thread, each taking the next file: add_module then finds them parsed.
 * A file that does not parse is left to add_module, whose error it is
 * (and a file never imported costs a parse, nothing else).
 */

typedef struct pre_file {
	const char *path, *shown;
	rt_py_module *ast; /* NULL: not parsed */
} pre_file;

typedef struct prefetch {
	pre_file *files;
	size_t n;
	atomic_size_t next;
	rt_arena *a[2]; /* one per thread */
} prefetch;

static void parse_some(prefetch *p, rt_arena *a)
{
	rt_py_reuse toks = {0}; /* one token array for all of them */
	for (;;) {
		size_t i = atomic_fetch_add(&p->next, 1);
		if (i >= p->n)
			break;
		pre_file *f = &p->files[i];
		FILE *fp = fopen(f->path, "rb");
		if (!fp)
			continue;
		rt_buf b = RT_BUF_INIT;
		char chunk[65536];
		size_t n;
		while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0 &&
		       b.len <= RT_PY_FILE_MAX)
			rt_buf_add(&b, chunk, n);
		bool bad = ferror(fp) || b.len > RT_PY_FILE_MAX;
		fclose(fp);
		if (!bad) {
			size_t len = b.len;
			char *text = rt_buf_detach_arena(&b, a);
			rt_error e = {0};
			rt_py_module *ast;
			if (rt_py_parse_reuse(&ast, a, &toks, f->shown, text,
					      len, &e) == 0)
				f->ast = ast;
		}
		rt_buf_release(&b);
	}
	rt_py_reuse_release(&toks);
}

static void *parse_thread(void *arg)
{
	prefetch *p = arg;
	parse_some(p, p->a[1]);
	return NULL;
}

/* Parses the .py files directly in directory dir (two threads) into
 * r->parsed. */
static void prefetch_dir(sm *r, const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	rt_vec paths = {0};
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		if (e->d_name[0] == '.' || len <= 3 ||
		    strcmp(e->d_name + len - 3, ".py") != 0)
			continue;
		char *p = rt_load__sm_join(r->a, dir, "/", e->d_name);
		if (is_file(p))
			rt_vec_push(&paths, r->a, p);
	}
	closedir(d);
	if (paths.len < 2)
		return;
	prefetch p = {.n = paths.len};
	p.files = rt_arena_alloc(r->a, paths.len * sizeof(*p.files));
	for (size_t i = 0; i < paths.len; i++) {
		p.files[i].path = paths.items[i];
		p.files[i].shown = shown_path(r, paths.items[i]);
		p.files[i].ast = NULL;
	}
	atomic_init(&p.next, 0);
	if (!r->parsed_a)
		r->parsed_a = rt_arena_new();
	p.a[0] = r->a;
	p.a[1] = r->parsed_a;
	pthread_t th;
	bool helper = pthread_create(&th, NULL, parse_thread, &p) == 0;
	parse_some(&p, p.a[0]);
	if (helper)
		pthread_join(th, NULL);
	for (size_t i = 0; i < p.n; i++)
		if (p.files[i].ast)
			rt_map_put(&r->parsed, r->a, p.files[i].path,
				   strlen(p.files[i].path), p.files[i].ast);
}

/* Parses path as module name (dotted) and scans it. */
static int add_module(sm *r, sm_module **out, const char *name,
		      const char *path, bool is_pkg)
{
	sm_module *m = rt_map_get(&r->by_name, name, strlen(name));
	if (m) {
		*out = m;
		return 0;
	}
	rt_py_module *pre = rt_map_get(&r->parsed, path, strlen(path));
	char *text = NULL;
	size_t len = 0;
	if (!pre && read_file(r, path, &text, &len) < 0)
		return -1;
	m = rt_arena_alloc(r->a, sizeof(*m));
	m->stars = -1;
	m->name = rt_arena_strdup(r->a, name);
	m->path = rt_arena_strdup(r->a, shown_path(r, path));
	m->is_pkg = is_pkg;
	if (pre)
		m->ast = pre;
	else if (rt_py_parse(&m->ast, r->a, m->path, text, len, r->err) < 0)
		return -1;
	rt_map_put(&r->by_name, r->a, m->name, strlen(m->name), m);
	rt_vec_push(&r->modules, r->a, m);
	*out = m;
	return scan_module(r, m);
}

/* The project module of dotted name, loading it when its file exists
 * under the root; NULL (no error) when there is none. -1 on error. */
static int find_module(sm *r, sm_module **out, const char *name)
{
	*out = rt_map_get(&r->by_name, name, strlen(name));
	if (*out)
		return 0;
	if (rt_map_get(&r->missing, name, strlen(name)))
		return 0;
	/* importing a.b.c runs a/__init__.py and a/b/__init__.py first */
	const char *dot = strrchr(name, '.');
	if (dot) {
		sm_module *parent;
		char *pkg = rt_arena_strndup(r->a, name, (size_t)(dot - name));
		if (find_module(r, &parent, pkg) < 0)
			return -1;
		*out = rt_map_get(&r->by_name, name, strlen(name));
		if (*out)
			return 0;
	}
	rt_buf p = RT_BUF_INIT;
	rt_buf_addf(&p, "%s/", r->root);
	for (const char *c = name; *c; c++)
		rt_buf_addch(&p, *c == '.' ? '/' : *c);
	size_t base = p.len;
	int rc = 0;
	rt_buf_adds(&p, ".py");
	if (is_file(p.data)) {
		rc = add_module(r, out, name, p.data, false);
		goto done;
	}
	rt_buf_setlen(&p, base);
	rt_buf_adds(&p, "/__init__.py");
	if (is_file(p.data)) {
		rc = add_module(r, out, name, p.data, true);
	} else {
		char *k = rt_arena_strdup(r->a, name);
		rt_map_put(&r->missing, r->a, k, strlen(k), k);
	}
done:
	rt_buf_release(&p);
	return rc;
}

/* The absolute name of a relative import in m. */
static const char *absolute(sm *r, sm_module *m, int level, const char *mod)
{
	if (level == 0)
		return mod;
	char *pkg = rt_arena_strdup(r->a, m->name);
	int up = m->is_pkg ? level - 1 : level;
	for (int i = 0; i < up; i++) {
		char *dot = strrchr(pkg, '.');
		if (!dot) {
			pkg[0] = 0;
			break;
		}
		*dot = 0;
	}
	if (!*mod)
		return pkg;
	if (!*pkg)
		return mod;
	return rt_load__sm_join(r->a, pkg, ".", mod);
}

static void bind(sm *r, sm_module *m, const char *name, binding *b)
{
	rt_map_put(&m->names, r->a, name, strlen(name), b);
}

static binding *binding_new(sm *r, bkind k)
{
	binding *b = rt_arena_alloc(r->a, sizeof(*b));
	memset(b, 0, sizeof(*b));
	b->kind = k;
	return b;
}

static void naming_convention(sm *r, sm_module *m, rt_py_expr *dict);

/* Binds the names of m's top level and loads the project modules it
 * imports. */
static int scan_module(sm *r, sm_module *m)
{
	for (size_t i = 0; i < m->ast->body.len; i++) {
		rt_py_stmt *s = m->ast->body.items[i];
		switch (s->kind) {
		case RT_PY_S_CLASS: {
			sm_class *c = rt_arena_alloc(r->a, sizeof(*c));
			memset(c, 0, sizeof(*c));
			c->name = s->name;
			c->m = m;
			c->st = s;
			rt_vec_push(&r->classes, r->a, c);
			binding *b = binding_new(r, B_CLASS);
			b->cls = c;
			bind(r, m, s->name, b);
			break;
		}
		case RT_PY_S_ASSIGN:
		case RT_PY_S_ANN:
			if (!s->value)
				break;
			for (size_t k = 0; k < s->ntargets; k++) {
				rt_py_expr *t = s->targets[k];
				if (t->kind == RT_PY_NAME) {
					binding *b = binding_new(r, B_EXPR);
					b->expr = s->value;
					bind(r, m, t->s, b);
				} else if (t->kind == RT_PY_ATTR) {
					const char *d = rt_py_dotted(r->a, t);
					if (!d)
						continue;
					size_t n = strlen(d);
					const char *tail =
					    "metadata.naming_convention";
					size_t tn = strlen(tail);
					if (n > tn &&
					    strcmp(d + n - tn, tail) == 0)
						naming_convention(r, m,
								  s->value);
					else if (n > 9 &&
						 strcmp(d + n - 9,
							".metadata") == 0)
						naming_convention(r, m,
								  s->value);
				}
			}
			break;
		case RT_PY_S_IMPORT:
			for (size_t k = 0; k < s->nnames; k++) {
				const char *full = s->names[k];
				binding *b = binding_new(r, B_MODULE);
				if (s->asnames[k]) {
					b->module = full;
					bind(r, m, s->asnames[k], b);
				} else {
					const char *dot = strchr(full, '.');
					b->module =
					    dot ? rt_arena_strndup(
						      r->a, full,
						      (size_t)(dot - full))
						: full;
					bind(r, m, b->module, b);
				}
				sm_module *x;
				if (find_module(r, &x, full) < 0)
					return -1;
			}
			break;
		case RT_PY_S_FROM: {
			const char *mod = absolute(r, m, s->level, s->module);
			sm_module *x;
			if (*mod && find_module(r, &x, mod) < 0)
				return -1;
			if (s->star) {
				binding *b = binding_new(r, B_FROM);
				b->module = mod;
				b->attr = "*";
				/* kept under a name no identifier has */
				rt_buf key = RT_BUF_INIT;
				rt_buf_addf(&key, "*%zu", i);
				bind(r, m, rt_arena_strdup(r->a, key.data), b);
				rt_buf_release(&key);
				break;
			}
			for (size_t k = 0; k < s->nnames; k++) {
				binding *b = binding_new(r, B_FROM);
				b->module = mod;
				b->attr = s->names[k];
				bind(r, m,
				     s->asnames[k] ? s->asnames[k]
						   : s->names[k],
				     b);
				const char *sub =
				    *mod ? rt_load__sm_join(r->a, mod, ".",
							    s->names[k])
					 : s->names[k];
				if (find_module(r, &x, sub) < 0)
					return -1;
			}
			break;
		}
		default:
			break;
		}
	}
	return 0;
}

/* ---- names and values ----------------------------------------------- */

#define PREFIX(from, to)                                                       \
	{                                                                      \
		from, to, sizeof(from) - 1                                     \
	}
static const struct {
	const char *from, *to;
	size_t n; /* strlen(from) */
} ext_prefixes[] = {
    PREFIX("sqlalchemy.dialects.postgresql.", "pg."),
    PREFIX("sqlmodel.sql.sqltypes.", "sa."),
    PREFIX("sqlmodel.main.", "sa."),
    PREFIX("sqlmodel.", "sa."),
    PREFIX("sqlalchemy.sql.sqltypes.", "sa."),
    PREFIX("sqlalchemy.sql.schema.", "sa."),
    PREFIX("sqlalchemy.sql.expression.", "sa."),
    PREFIX("sqlalchemy.sql.functions.", "sa."),
    PREFIX("sqlalchemy.sql.", "sa."),
    PREFIX("sqlalchemy.types.", "sa."),
    PREFIX("sqlalchemy.schema.", "sa."),
    PREFIX("sqlalchemy.orm.", "sa."),
    PREFIX("sqlalchemy.", "sa."),
    PREFIX("typing_extensions.", "typing."),
    PREFIX("pydantic.networks.", "pydantic."),
    PREFIX("pydantic.types.", "pydantic."),
    PREFIX("pydantic.main.", "pydantic."),
    PREFIX("pydantic.fields.", "pydantic."),
};
#undef PREFIX

static const char *norm_ext(sm *r, const char *q)
{
	/* every prefix starts "sq", "ty" or "py": most names leave here */
	if (!((q[0] == 's' && q[1] == 'q') || (q[0] == 't' && q[1] == 'y') ||
	      (q[0] == 'p' && q[1] == 'y')))
		return q;
	for (size_t i = 0; i < sizeof(ext_prefixes) / sizeof(*ext_prefixes);
	     i++) {
		/* the first four bytes (every prefix has them; && stops at
		 * q's end) rule out most before a strncmp: "typing.X" was
		 * 18 strncmp calls */
		const char *f = ext_prefixes[i].from;
		size_t n = ext_prefixes[i].n;
		if (f[0] != q[0] || f[1] != q[1] || f[2] != q[2] ||
		    f[3] != q[3])
			continue;
		if (strncmp(q, f, n) == 0)
			return rt_load__sm_join(r->a, ext_prefixes[i].to, "",
						q + n);
	}
	return q;
}

char *rt_load__sm_join(rt_arena *a, const char *x, const char *sep,
		       const char *y)
{
	size_t nx = strlen(x), ns = strlen(sep), ny = strlen(y);
	char *p = rt_arena_alloc(a, nx + ns + ny + 1);
	memcpy(p, x, nx);
	memcpy(p + nx, sep, ns);
	memcpy(p + nx + ns, y, ny + 1);
	return p;
}

static const char *const builtins[] = {
    "str", "int",   "float",	 "bool",   "bytes", "dict",	 "list",
    "set", "tuple", "frozenset", "object", "type",  "bytearray", NULL};

static sm_val lookup(sm *r, sm_module *m, const char *name, int depth);

static sm_val follow(sm *r, sm_module *m, rt_py_expr *e, int depth);

static sm_val from_binding_once(sm *r, sm_module *m, binding *b, int depth);

static sm_val from_binding(sm *r, sm_module *m, binding *b, int depth)
{
	if (b->has_val)
		return b->val;
	sm_val v = from_binding_once(r, m, b, depth);
	if ((b->kind == B_MODULE || b->kind == B_FROM) && v.kind != V_NONE) {
		b->val = v;
		b->has_val = true;
	}
	return v;
}

static sm_val from_binding_once(sm *r, sm_module *m, binding *b, int depth)
{
	sm_val v = {0};
	sm_module *x = NULL;
	switch (b->kind) {
	case B_CLASS:
		v.kind = V_CLASS;
		v.cls = b->cls;
		return v;
	case B_EXPR:
		return follow(r, m, b->expr, depth + 1);
	case B_MODULE:
		if (find_module(r, &x, b->module) < 0 || !x) {
			v.kind = V_EXTERN;
			v.ext = b->module;
			return v;
		}
		v.kind = V_MODULE;
		v.m = x;
		return v;
	case B_FROM:
		if (*b->module) {
			const char *sub =
			    rt_load__sm_join(r->a, b->module, ".", b->attr);
			if (find_module(r, &x, sub) == 0 && x) {
				v.kind = V_MODULE;
				v.m = x;
				return v;
			}
		}
		if (find_module(r, &x, b->module) == 0 && x)
			return lookup(r, x, b->attr, depth + 1);
		v.kind = V_EXTERN;
		v.ext = rt_load__sm_join(r->a, b->module, ".", b->attr);
		return v;
	}
	return v;
}

static sm_val lookup(sm *r, sm_module *m, const char *name, int depth)
{
	sm_val v = {0};
	if (depth > 50)
		return v;
	binding *b = rt_map_get(&m->names, name, strlen(name));
	if (b)
		return from_binding(r, m, b, depth);
	/* star imports, latest first (most modules have none: counted once) */
	if (m->stars < 0) {
		m->stars = 0;
		for (size_t i = 0; i < m->ast->body.len; i++) {
			rt_py_stmt *s = m->ast->body.items[i];
			m->stars += s->kind == RT_PY_S_FROM && s->star;
		}
	}
	for (size_t i = m->stars ? m->ast->body.len : 0; i-- > 0;) {
		rt_py_stmt *s = m->ast->body.items[i];
		if (s->kind != RT_PY_S_FROM || !s->star)
			continue;
		sm_module *x;
		const char *mod = absolute(r, m, s->level, s->module);
		if (find_module(r, &x, mod) == 0 && x) {
			v = lookup(r, x, name, depth + 1);
			if (v.kind != V_NONE)
				return v;
		} else if (strcmp(mod, "sqlmodel") == 0 ||
			   strncmp(mod, "sqlalchemy", 10) == 0) {
			/* from sqlmodel import *: only names it has; the
			 * caller checks the ones it knows */
			v.kind = V_EXTERN;
			v.ext = rt_load__sm_join(r->a, mod, ".", name);
			return v;
		}
	}
	for (const char *const *k = builtins; *k; k++) {
		if (strcmp(*k, name) == 0) {
			v.kind = V_EXTERN;
			v.ext = rt_load__sm_join(r->a, "builtins", ".", name);
			return v;
		}
	}
	return v;
}

/* A class attribute: an assignment in its body (an enum member, a
 * constant). */
static sm_val class_attr(sm_class *c, const char *name, int depth)
{
	sm_val v = {0};
	if (depth > 50)
		return v;
	for (size_t i = 0; i < c->st->body.len; i++) {
		rt_py_stmt *s = c->st->body.items[i];
		if ((s->kind != RT_PY_S_ASSIGN && s->kind != RT_PY_S_ANN) ||
		    !s->value)
			continue;
		for (size_t k = 0; k < s->ntargets; k++) {
			if (s->targets[k]->kind == RT_PY_NAME &&
			    strcmp(s->targets[k]->s, name) == 0) {
				v.kind = V_EXPR;
				v.expr = s->value;
				v.m = c->m;
				return v;
			}
		}
	}
	return v;
}

static sm_val follow(sm *r, sm_module *m, rt_py_expr *e, int depth)
{
	sm_val v = {0};
	if (!e || depth > 50)
		return v;
	if (e->kind == RT_PY_NAME) {
		char c0 = e->s[0]; /* most names are none of the three */
		if ((c0 == 'N' && !strcmp(e->s, "None")) ||
		    (c0 == 'T' && !strcmp(e->s, "True")) ||
		    (c0 == 'F' && !strcmp(e->s, "False"))) {
			v.kind = V_EXPR;
			v.expr = e;
			v.m = m;
			return v;
		}
		return lookup(r, m, e->s, depth);
	}
	if (e->kind == RT_PY_ATTR) {
		sm_val base = follow(r, m, e->a, depth + 1);
		switch (base.kind) {
		case V_MODULE: {
			sm_module *x;
			const char *sub =
			    rt_load__sm_join(r->a, base.m->name, ".", e->s);
			if (find_module(r, &x, sub) == 0 && x) {
				v.kind = V_MODULE;
				v.m = x;
				return v;
			}
			return lookup(r, base.m, e->s, depth + 1);
		}
		case V_EXTERN:
			v.kind = V_EXTERN;
			v.ext = rt_load__sm_join(r->a, base.ext, ".", e->s);
			return v;
		case V_CLASS:
			return class_attr(base.cls, e->s, depth + 1);
		default:
			return v;
		}
	}
	v.kind = V_EXPR;
	v.expr = e;
	v.m = m;
	return v;
}

sm_val rt_load__sm_eval(sm *r, sm_module *m, rt_py_expr *e)
{
	/* an expression means the same every time it is asked about (the
	 * callee of every Field(...) is asked about several times) */
	struct {
		const void *e, *m;
	} key = {e, m};
	/* the node keeps the value for its first module (nearly always its
	 * only one), the map the others */
	if (e && e->memo && e->memo_key == m)
		return *(sm_val *)e->memo;
	sm_val *memo =
	    e && !e->memo ? NULL : rt_map_get(&r->eval_memo, &key, sizeof(key));
	if (memo)
		return *memo;
	sm_val v = follow(r, m, e, 0);
	if (v.kind == V_EXTERN)
		v.ext = norm_ext(r, v.ext);
	memo = rt_arena_alloc(r->a, sizeof(*memo));
	*memo = v;
	if (e && !e->memo) {
		e->memo = memo;
		e->memo_key = m;
		return v;
	}
	void *k = rt_arena_alloc(r->a, sizeof(key));
	memcpy(k, &key, sizeof(key));
	rt_map_put(&r->eval_memo, r->a, k, sizeof(key), memo);
	return v;
}

const char *rt_load__sm_ext(sm *r, sm_module *m, rt_py_expr *e)
{
	sm_val v = rt_load__sm_eval(r, m, e);
	return v.kind == V_EXTERN ? v.ext : NULL;
}

static bool const_expr(sm *r, sm_module **m, rt_py_expr **e)
{
	sm_val v = follow(r, *m, *e, 0);
	if (v.kind != V_EXPR)
		return false;
	*m = v.m;
	*e = v.expr;
	return true;
}

bool rt_load__sm_str(sm *r, sm_module *m, rt_py_expr *e, const char **out)
{
	if (!const_expr(r, &m, &e))
		return false;
	if (e->kind == RT_PY_STR) {
		*out = e->s;
		return true;
	}
	if (e->kind == RT_PY_BINOP && strcmp(e->s, "+") == 0) {
		const char *a, *b;
		if (rt_load__sm_str(r, m, e->a, &a) &&
		    rt_load__sm_str(r, m, e->b, &b)) {
			*out = rt_arena_printf(r->a, "%s%s", a, b);
			return true;
		}
	}
	return false;
}

static bool parse_int(const char *s, long long *out)
{
	char clean[64];
	size_t n = 0;
	for (; *s && n + 1 < sizeof(clean); s++)
		if (*s != '_')
			clean[n++] = *s;
	clean[n] = 0;
	if (n == 0 || strpbrk(clean, ".eEjJ") ||
	    (clean[0] == '0' && n > 1 && strchr("xXoObB", clean[1]) == NULL))
		return n == 1 || (n > 1 && strspn(clean, "0") == n)
			   ? (*out = 0, true)
			   : false;
	int base = 10;
	const char *d = clean;
	if (clean[0] == '0' && n > 1) {
		base = strchr("xX", clean[1])	? 16
		       : strchr("oO", clean[1]) ? 8
						: 2;
		d = clean + 2;
	}
	errno = 0;
	char *end;
	long long v = strtoll(d, &end, base);
	if (errno || *end)
		return false;
	*out = v;
	return true;
}

bool rt_load__sm_int(sm *r, sm_module *m, rt_py_expr *e, long long *out)
{
	if (!const_expr(r, &m, &e))
		return false;
	if (e->kind == RT_PY_NUM)
		return parse_int(e->s, out);
	if (e->kind == RT_PY_UNARY && strcmp(e->s, "-") == 0) {
		if (!rt_load__sm_int(r, m, e->a, out))
			return false;
		*out = -*out;
		return true;
	}
	if (e->kind == RT_PY_BINOP) {
		long long a, b;
		if (!rt_load__sm_int(r, m, e->a, &a) ||
		    !rt_load__sm_int(r, m, e->b, &b))
			return false;
		if (!strcmp(e->s, "+"))
			*out = a + b;
		else if (!strcmp(e->s, "-"))
			*out = a - b;
		else if (!strcmp(e->s, "*"))
			*out = a * b;
		else if (!strcmp(e->s, "//") && b != 0)
			*out = a / b;
		else
			return false;
		return true;
	}
	return false;
}

bool rt_load__sm_bool(sm *r, sm_module *m, rt_py_expr *e, bool *out)
{
	if (!const_expr(r, &m, &e) || e->kind != RT_PY_NAME)
		return false;
	if (!strcmp(e->s, "True"))
		*out = true;
	else if (!strcmp(e->s, "False"))
		*out = false;
	else
		return false;
	return true;
}

bool rt_load__sm_is_none(sm *r, sm_module *m, rt_py_expr *e)
{
	if (!const_expr(r, &m, &e))
		return false;
	return e->kind == RT_PY_NAME && strcmp(e->s, "None") == 0;
}

rt_py_expr *rt_load__sm_parse_expr(sm *r, const char *text)
{
	rt_py_module *pm;
	rt_error e = RT_ERROR_INIT;
	const char *src = rt_arena_printf(r->a, "_ = (\n%s\n)\n", text);
	if (rt_py_parse(&pm, r->a, "<annotation>", src, strlen(src), &e) < 0 ||
	    pm->body.len != 1)
		return NULL;
	rt_py_stmt *st = pm->body.items[0];
	return st->kind == RT_PY_S_ASSIGN ? st->value : NULL;
}

/* ---- naming convention --------------------------------------------- */

static void naming_convention(sm *r, sm_module *m, rt_py_expr *v)
{
	/* MetaData(naming_convention={...}) or the dict itself */
	sm_val x = follow(r, m, v, 0);
	if (x.kind != V_EXPR)
		return;
	m = x.m;
	v = x.expr;
	if (v->kind == RT_PY_CALL) {
		rt_py_expr *nc = rt_py_kwarg(v, "naming_convention");
		if (!nc)
			return;
		x = follow(r, m, nc, 0);
		if (x.kind != V_EXPR)
			return;
		m = x.m;
		v = x.expr;
	}
	if (v->kind != RT_PY_DICT)
		return;
	static const char *const keys[] = {"ix", "uq", "ck", "fk", "pk"};
	for (size_t i = 0; i < v->n; i++) {
		const char *k, *t;
		if (!v->items[i] || !rt_load__sm_str(r, m, v->items[i], &k) ||
		    !rt_load__sm_str(r, m, v->vals[i], &t))
			continue;
		for (int j = 0; j < 5; j++)
			if (strcmp(k, keys[j]) == 0)
				r->conv[j] = t;
	}
}

/* ---- classes ---------------------------------------------------------- */

static sm_class *class_of_val(sm_val v)
{
	return v.kind == V_CLASS ? v.cls : NULL;
}

/* C3 linearisation of the project classes among c's bases. */
static int mro(sm *r, sm_class *c)
{
	rt_vec seqs[64];
	size_t ns = 0;
	rt_vec direct = {0};
	for (size_t i = 0; i < c->bases.len && ns < 63; i++) {
		sm_class *b = class_of_val(*(sm_val *)c->bases.items[i]);
		if (!b)
			continue;
		seqs[ns] = (rt_vec){0};
		for (size_t k = 0; k < b->mro.len; k++)
			rt_vec_push(&seqs[ns], r->a, b->mro.items[k]);
		ns++;
		rt_vec_push(&direct, r->a, b);
	}
	seqs[ns++] = direct;
	size_t pos[64] = {0};
	rt_vec_push(&c->mro, r->a, c);
	for (;;) {
		sm_class *pick = NULL;
		bool any = false;
		for (size_t i = 0; i < ns && !pick; i++) {
			if (pos[i] >= seqs[i].len)
				continue;
			any = true;
			sm_class *cand = seqs[i].items[pos[i]];
			bool in_tail = false;
			for (size_t j = 0; j < ns && !in_tail; j++)
				for (size_t k = pos[j] + 1; k < seqs[j].len;
				     k++)
					if (seqs[j].items[k] == cand)
						in_tail = true;
			if (!in_tail)
				pick = cand;
		}
		if (!any)
			return 0;
		if (!pick)
			return rt_load__sm_fail(
			    r, c->m, c->st->line, false,
			    "class %s: cannot create a consistent method "
			    "resolution order of its bases",
			    c->name);
		rt_vec_push(&c->mro, r->a, pick);
		for (size_t i = 0; i < ns; i++)
			if (pos[i] < seqs[i].len &&
			    seqs[i].items[pos[i]] == pick)
				pos[i]++;
	}
}

static bool is_relationship(sm *r, sm_module *m, rt_py_expr *v)
{
	if (!v || v->kind != RT_PY_CALL)
		return false;
	const char *x = rt_load__sm_ext(r, m, v->a);
	return x &&
	       (!strcmp(x, "sa.Relationship") || !strcmp(x, "sa.relationship"));
}

static bool is_classvar(sm *r, sm_module *m, rt_py_expr *ann)
{
	rt_py_expr *base = ann && ann->kind == RT_PY_SUBSCRIPT ? ann->a : ann;
	const char *x = base ? rt_load__sm_ext(r, m, base) : NULL;
	return x && !strcmp(x, "typing.ClassVar");
}

/* A enum member's value as a comparable string; NULL: never equal. */
static const char *member_key(sm *r, sm_module *m, rt_py_expr *v)
{
	const char *s;
	long long n;
	if (rt_load__sm_str(r, m, v, &s))
		return rt_arena_printf(r->a, "s:%s", s);
	if (rt_load__sm_int(r, m, v, &n))
		return rt_arena_printf(r->a, "n:%lld", n);
	return NULL;
}

static void enum_members(sm *r, sm_class *c)
{
	rt_vec keys = {0};
	for (size_t i = 0; i < c->st->body.len; i++) {
		rt_py_stmt *s = c->st->body.items[i];
		if (s->kind != RT_PY_S_ASSIGN || s->ntargets != 1 ||
		    s->targets[0]->kind != RT_PY_NAME ||
		    s->targets[0]->s[0] == '_')
			continue;
		const char *k = member_key(r, c->m, s->value);
		bool alias = false;
		for (size_t j = 0; k && j < keys.len; j++)
			if (keys.items[j] && !strcmp(keys.items[j], k))
				alias = true;
		if (alias)
			continue; /* SQLAlchemy 2 leaves aliases out */
		rt_vec_push(&keys, r->a, (void *)k);
		rt_vec_push(&c->labels, r->a, (void *)s->targets[0]->s);
	}
}

/* table=True in the class keywords, class Config or model_config. */
static bool table_flag(sm *r, sm_class *c)
{
	bool t = false;
	rt_py_expr *kw = rt_py_kwarg(c->st->call, "table");
	if (kw && rt_load__sm_bool(r, c->m, kw, &t))
		return t;
	for (size_t i = 0; i < c->st->body.len; i++) {
		rt_py_stmt *s = c->st->body.items[i];
		if (s->kind == RT_PY_S_CLASS && !strcmp(s->name, "Config")) {
			for (size_t k = 0; k < s->body.len; k++) {
				rt_py_stmt *x = s->body.items[k];
				if (x->kind == RT_PY_S_ASSIGN &&
				    x->ntargets == 1 &&
				    x->targets[0]->kind == RT_PY_NAME &&
				    !strcmp(x->targets[0]->s, "table") &&
				    rt_load__sm_bool(r, c->m, x->value, &t))
					return t;
			}
		}
		if ((s->kind == RT_PY_S_ASSIGN || s->kind == RT_PY_S_ANN) &&
		    s->value && s->ntargets == 1 &&
		    s->targets[0]->kind == RT_PY_NAME &&
		    !strcmp(s->targets[0]->s, "model_config")) {
			rt_py_expr *v = s->value;
			if (v->kind == RT_PY_CALL) {
				rt_py_expr *x = rt_py_kwarg(v, "table");
				if (x && rt_load__sm_bool(r, c->m, x, &t))
					return t;
			} else if (v->kind == RT_PY_DICT) {
				for (size_t k = 0; k < v->n; k++) {
					const char *key;
					if (v->items[k] &&
					    rt_load__sm_str(
						r, c->m, v->items[k], &key) &&
					    !strcmp(key, "table") &&
					    rt_load__sm_bool(r, c->m,
							     v->vals[k], &t))
						return t;
				}
			}
		}
	}
	return false;
}

static void add_field(sm *r, rt_vec *fields, sm_field *f)
{
	/* every field against every earlier one: the first byte rules out
	 * most before a strcmp */
	for (size_t i = 0; i < fields->len; i++) {
		sm_field *x = fields->items[i];
		if (x->name[0] == f->name[0] && !strcmp(x->name, f->name)) {
			fields->items[i] = f; /* keeps the first position */
			return;
		}
	}
	rt_vec_push(fields, r->a, f);
}

int rt_load__sm_class(sm *r, sm_class *c)
{
	if (c->resolved)
		return 0;
	if (c->resolving)
		return rt_load__sm_fail(r, c->m, c->st->line, false,
					"class %s inherits from itself",
					c->name);
	c->resolving = true;
	rt_py_expr *call = c->st->call;
	bool unknown_base = false;
	const char *unknown = NULL;
	for (size_t i = 0; i < call->n; i++) {
		rt_py_expr *b = call->items[i];
		if (b->kind == RT_PY_SUBSCRIPT)
			b = b->a; /* Generic[T], ... */
		sm_val *v = rt_arena_alloc(r->a, sizeof(*v));
		*v = rt_load__sm_eval(r, c->m, b);
		rt_vec_push(&c->bases, r->a, v);
		if (v->kind == V_CLASS) {
			sm_class *bc = v->cls;
			if (rt_load__sm_class(r, bc) < 0)
				return -1;
			c->sqlmodel |= bc->sqlmodel;
			c->table_base |= bc->table_base;
			c->str_like |= bc->str_like;
			if (bc->enum_kind != ENUM_NO && !c->enum_kind)
				c->enum_kind = bc->enum_kind;
		} else if (v->kind == V_EXTERN) {
			const char *x = v->ext;
			if (!strcmp(x, "sa.SQLModel"))
				c->sqlmodel = true;
			else if (!strcmp(x, "enum.Enum") ||
				 !strcmp(x, "enum.Flag") ||
				 !strcmp(x, "enum.IntFlag"))
				c->enum_kind =
				    c->enum_kind ? c->enum_kind : ENUM_PLAIN;
			else if (!strcmp(x, "enum.IntEnum"))
				c->enum_kind = ENUM_INT;
			else if (!strcmp(x, "enum.StrEnum"))
				c->enum_kind = ENUM_STR;
			else if (!strcmp(x, "builtins.str"))
				c->str_like = true;
			else if (!strcmp(x, "builtins.int") ||
				 !strcmp(x, "builtins.object") ||
				 !strncmp(x, "typing.", 7) ||
				 !strncmp(x, "pydantic.", 9) ||
				 !strncmp(x, "abc.", 4))
				;
			else if (!unknown_base) {
				unknown_base = true;
				unknown = x;
			}
		} else {
			unknown_base = true;
			unknown = rt_py_dotted(r->a, b);
		}
	}
	if (c->enum_kind == ENUM_PLAIN && c->str_like)
		c->enum_kind = ENUM_STR;
	if (mro(r, c) < 0)
		return -1;
	bool flag = c->sqlmodel && table_flag(r, c);
	c->table = flag && !c->table_base;
	c->table_base |= flag;
	if (flag && unknown_base)
		return rt_load__sm_fail(
		    r, c->m, c->st->line, true,
		    "class %s: base class '%s' cannot be resolved statically",
		    c->name, unknown ? unknown : "?");
	if (c->enum_kind)
		enum_members(r, c);
	/* fields: the bases' first (reversed MRO), a redeclared one keeps
	 * its first position */
	for (size_t i = c->mro.len; i-- > 0;) {
		sm_class *k = c->mro.items[i];
		if (k->enum_kind)
			continue;
		for (size_t j = 0; j < k->st->body.len; j++) {
			rt_py_stmt *s = k->st->body.items[j];
			if (s->kind != RT_PY_S_ANN || s->ntargets != 1 ||
			    s->targets[0]->kind != RT_PY_NAME)
				continue;
			const char *name = s->targets[0]->s;
			if (name[0] == '_' ||
			    is_classvar(r, k->m, s->annotation))
				continue;
			if (!strcmp(name, "model_config"))
				continue;
			sm_field *f = rt_arena_alloc(r->a, sizeof(*f));
			memset(f, 0, sizeof(*f));
			f->name = name;
			f->annotation = s->annotation;
			f->value = s->value;
			f->owner = k;
			f->line = s->line;
			if (is_relationship(r, k->m, s->value))
				f->annotation = NULL; /* not a column */
			add_field(r, &c->fields, f);
		}
	}
	c->resolving = false;
	c->resolved = true;
	return 0;
}

/* ---- sources ----------------------------------------------------------- */

/* The dotted name of the .py file path (absolute), and the directory the
 * name starts from: the parent of its topmost package. */
static void module_name_of(sm *r, const char *path, const char **name,
			   const char **root)
{
	char *dir = rt_arena_strdup(r->a, path);
	char *slash = strrchr(dir, '/');
	const char *base = slash ? slash + 1 : dir;
	char *stem = rt_arena_strdup(r->a, base);
	size_t n = strlen(stem);
	if (n > 3 && !strcmp(stem + n - 3, ".py"))
		stem[n - 3] = 0;
	if (slash)
		*slash = 0;
	else
		dir = rt_arena_strdup(r->a, ".");
	const char *nm = strcmp(stem, "__init__") ? stem : NULL;
	for (;;) {
		char *init = rt_arena_printf(r->a, "%s/__init__.py", dir);
		if (!is_file(init))
			break;
		char *s = strrchr(dir, '/');
		const char *pkg = s ? s + 1 : dir;
		nm = nm ? rt_load__sm_join(r->a, pkg, ".", nm)
			: rt_arena_strdup(r->a, pkg);
		if (!s) {
			dir = rt_arena_strdup(r->a, ".");
			break;
		}
		*s = 0;
		if (!*dir) {
			dir = rt_arena_strdup(r->a, "/");
			break;
		}
	}
	*name = nm ? nm : stem;
	*root = dir;
}

static int add_path(sm *r, const char *path)
{
	const char *name, *root;
	module_name_of(r, path, &name, &root);
	if (!r->root)
		r->root = root;
	sm_module *m;
	bool pkg = strlen(path) >= 11 &&
		   !strcmp(path + strlen(path) - 11, "__init__.py");
	if (rt_map_get(&r->by_name, name, strlen(name)))
		return 0;
	if (!strcmp(root, r->root)) {
		/* as Python imports it: its packages first */
		if (find_module(r, &m, name) < 0)
			return -1;
		if (m)
			return 0;
	}
	return add_module(r, &m, name, path, pkg);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(a, b); /* rt_vec_sort passes the items */
}

/* Every .py file below dir (sorted, so the order is the same on every
 * machine), skipping hidden directories, __pycache__ and virtual
 * environments. */
static int walk_dir(sm *r, const char *dir, rt_vec *out, int depth)
{
	if (depth > 64)
		return 0;
	DIR *d = opendir(dir);
	if (!d)
		return rt_errorf(r->err, RT_EIO, "cannot read '%s': %s", dir,
				 strerror(errno));
	rt_vec names = {0};
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || !strcmp(e->d_name, "__pycache__"))
			continue;
		rt_vec_push(&names, r->a, rt_arena_strdup(r->a, e->d_name));
	}
	closedir(d);
	rt_vec_sort(&names, cmp_str);
	for (size_t i = 0; i < names.len; i++) {
		const char *n = names.items[i];
		char *p = rt_arena_printf(r->a, "%s/%s", dir, n);
		if (is_directory(p)) {
			if (is_file(rt_arena_printf(r->a, "%s/pyvenv.cfg", p)))
				continue;
			if (walk_dir(r, p, out, depth + 1) < 0)
				return -1;
		} else {
			size_t len = strlen(n);
			if (len > 3 && !strcmp(n + len - 3, ".py"))
				rt_vec_push(out, r->a, p);
		}
	}
	return 0;
}

static int add_source(sm *r, const char *source)
{
	char *abs = realpath(source, NULL);
	if (abs) {
		char *p = rt_arena_strdup(r->a, abs);
		free(abs);
		if (is_directory(p)) {
			rt_vec files = {0};
			if (walk_dir(r, p, &files, 0) < 0)
				return -1;
			if (!files.len)
				return rt_errorf(r->err, RT_EINPUT,
						 "'%s': no .py files", source);
			prefetch_dir(r, p);
			for (size_t i = 0; i < files.len; i++)
				if (add_path(r, files.items[i]) < 0)
					return -1;
			return 0;
		}
		return add_path(r, p);
	}
	if (strchr(source, '/') || strstr(source, ".py"))
		return rt_errorf(r->err, RT_EIO, "cannot read '%s': %s", source,
				 strerror(errno));
	/* a dotted module name, from the current directory */
	char cwd[4096];
	if (!getcwd(cwd, sizeof(cwd)))
		return rt_errorf(r->err, RT_EIO,
				 "cannot find the current directory: %s",
				 strerror(errno));
	r->root = rt_arena_strdup(r->a, cwd);
	char *dir = rt_load__sm_join(r->a, r->root, "/", source);
	for (char *c = dir + strlen(r->root) + 1; *c; c++)
		if (*c == '.')
			*c = '/';
	if (is_directory(dir))
		prefetch_dir(r, dir);
	sm_module *m;
	if (find_module(r, &m, source) < 0)
		return -1;
	if (!m) {
		char *p = rt_arena_strdup(r->a, source);
		for (char *c = p; *c; c++)
			if (*c == '.')
				*c = '/';
		rt_errorf(r->err, RT_EINPUT,
			  "cannot find module '%s' (no %s.py or "
			  "%s/__init__.py under the current directory)",
			  source, p, p);
		return -1;
	}
	return 0;
}

/* Maps the place of an error in the generated DDL to the model's. */
static void map_error(rt_vec *stmt_places, rt_error *err)
{
	if (err->line <= 0)
		return;
	sm_place *best = NULL;
	for (size_t i = 0; i + 1 < stmt_places->len; i += 2) {
		int line = (int)(intptr_t)stmt_places->items[i];
		if (line <= err->line)
			best = stmt_places->items[i + 1];
	}
	if (best)
		rt_error_at(err, best->file, best->line, 0);
}

static void set_places(rt_schema *s, rt_map *places)
{
	for (size_t i = 0; i < s->tables.len; i++) {
		rt_table *t = s->tables.items[i];
		const char *key =
		    rt_load__sm_join(s->arena, t->schema, ".", t->name);
		sm_place *p = rt_map_get(places, key, strlen(key));
		if (!p)
			continue;
		t->src_file = p->file;
		t->src_line = p->line;
		for (size_t k = 0; k < t->constraints.len; k++) {
			rt_constraint *c = t->constraints.items[k];
			c->src_file = p->file;
			c->src_line = p->line;
		}
		for (size_t k = 0; k < t->columns.len; k++) {
			rt_column *c = t->columns.items[k];
			const char *ck =
			    rt_load__sm_join(s->arena, key, ".", c->name);
			sm_place *cp = rt_map_get(places, ck, strlen(ck));
			c->src_file = p->file;
			c->src_line = cp ? cp->line : p->line;
		}
	}
}

/* A model class built by a call (type(name, bases, dict),
 * create_model(...)) cannot be read without running it: refused. */
static int dynamic_classes(sm *r)
{
	for (size_t i = 0; i < r->modules.len; i++) {
		sm_module *m = r->modules.items[i];
		for (size_t k = 0; k < m->ast->body.len; k++) {
			rt_py_stmt *s = m->ast->body.items[k];
			if (s->kind != RT_PY_S_ASSIGN || !s->value ||
			    s->value->kind != RT_PY_CALL)
				continue;
			const char *x = rt_load__sm_ext(r, m, s->value->a);
			if (!x || (strcmp(x, "builtins.type") &&
				   strcmp(x, "pydantic.create_model") &&
				   strcmp(x, "sa.create_model")))
				continue;
			if (!strcmp(x, "builtins.type") && s->value->n != 3)
				continue;
			return rt_load__sm_fail(
			    r, m, s->line, true,
			    "a class built by a call to %s() cannot be "
			    "resolved statically",
			    strrchr(x, '.') + 1);
		}
	}
	return 0;
}

/* Whether SQLite's schema reader, given the rows of objs, checks all
 * that executing sql would: not the reserved "sqlite_" names, an index
 * with a table's name, nor bound parameters (which it reads as NULL), so
 * DDL with any of them, or with a character that starts one anywhere
 * (even in a string), runs statement by statement. */
static bool sqlite_rows_ok(sm *r, const rt_buf *sql, const rt_vec *objs)
{
	if (strpbrk(sql->data, "?:@$"))
		return false;
	rt_map tables = {0}; /* lower-cased table names (SQLite's folding) */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < objs->len; i++) {
			const rt_load_sqlite_obj *o = objs->items[i];
			bool table = !strcmp(o->type, "table");
			if (table != (pass == 0))
				continue;
			if (!strncasecmp(o->name, "sqlite_", 7) ||
			    !strncasecmp(o->tbl_name, "sqlite_", 7))
				return false;
			char *k = rt_arena_strlower(r->a, o->name);
			if (table)
				rt_map_put(&tables, r->a, k, strlen(k), k);
			else if (rt_map_get(&tables, k, strlen(k)))
				return false;
		}
	}
	return true;
}

int rt_load_sqlmodel(rt_schema **out, rt_arena *a, const char *source,
		     rt_dialect dialect, bool *refused, rt_error *err)
{
	rt_arena *scratch = rt_arena_new();
	sm r = {.a = scratch, .ma = a, .err = err, .dialect = dialect};
	char cwd[4096];
	if (getcwd(cwd, sizeof(cwd)))
		r.cwd = rt_arena_strdup(scratch, cwd);
	rt_buf sql = RT_BUF_INIT;
	rt_map places = {0};
	rt_vec stmt_places = {0}, objs = {0};
	int rc = -1;
	*refused = false;
	if (add_source(&r, source) < 0)
		goto done;
	if (dynamic_classes(&r) < 0)
		goto done;
	for (size_t i = 0; i < r.classes.len; i++)
		if (rt_load__sm_class(&r, r.classes.items[i]) < 0)
			goto done;
	rt_schema *s = NULL;
	if (dialect == RT_DIALECT_PG) {
		/* built directly; the DDL only when that fails, for the
		 * loader's error on it */
		rt_load_sql_run *run = rt_load_sql_begin(a, NULL, source);
		int got =
		    rt_load__sm_tables(&r, NULL, &places, NULL, NULL, run);
		if (got == -1)
			goto done;
		if (got == 0) {
			s = rt_load_sql_finish(run); /* places set */
			goto direct;
		}
		rt_error_clear(err);
	}
	if (rt_load__sm_tables(&r, &sql, &places, &stmt_places, &objs, NULL) <
	    0)
		goto done;
	/* On SQLite the DDL runs in an in-memory database that the live
	 * loader reads: both sides of `diff sqlite:///x.db models.py` are
	 * read by the same code. Its rows go straight into sqlite_schema
	 * when nothing in it needs CREATE's own checks; otherwise, or when
	 * SQLite's schema reader refuses them, statement by statement. */
	rt_error quiet = {0};
	if (dialect == RT_DIALECT_SQLITE && sqlite_rows_ok(&r, &sql, &objs) &&
	    rt_load__sqlite_objs(&s, a, source, sql.data,
				 (const rt_load_sqlite_obj *const *)objs.items,
				 objs.len, &quiet) == 0) {
		/* read without executing each statement */
	} else if ((dialect == RT_DIALECT_SQLITE
			? rt_load__sqlite_text(&s, a, source, sql.data, err)
			: rt_load_sql_text(&s, a, source, sql.data, err)) < 0) {
		map_error(&stmt_places, err);
		goto done;
	}
	set_places(s, &places);
direct:
	s->source = rt_arena_strdup(a, source);
	*out = s;
	rc = 0;
done:
	*refused = rc < 0 && r.refused;
	rt_buf_release(&sql);
	if (r.parsed_a)
		rt_arena_free(r.parsed_a);
	rt_arena_free(scratch);
	return rc;
}
