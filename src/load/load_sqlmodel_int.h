/* SPDX-License-Identifier: MIT */
/*
 * Internals of the static SQLModel reader (load_sqlmodel*.c): the project's
 * modules, what their names are bound to, the classes, and the values the
 * reader can work out without running Python.
 */
#ifndef RT_LOAD_LOAD_SQLMODEL_INT_H
#define RT_LOAD_LOAD_SQLMODEL_INT_H

#include "base/common.h"
#include "base/buf.h"
#include "base/map.h"
#include "load/load.h"
#include "load/load_int.h"
#include "py/py.h"

typedef struct sm_module sm_module;
typedef struct sm_class sm_class;

/* What a name or an expression stands for. */
typedef enum sm_vkind {
	V_NONE,	  /* unknown: not found, or not worked out */
	V_MODULE, /* a project module */
	V_CLASS,  /* a project class */
	V_EXPR,	  /* a project expression (a constant, a member) */
	V_EXTERN, /* something outside the project: ext names it */
} sm_vkind;

typedef struct sm_val {
	sm_vkind kind;
	sm_module *m;	  /* V_MODULE; V_EXPR: the module of expr */
	sm_class *cls;	  /* V_CLASS */
	rt_py_expr *expr; /* V_EXPR */
	const char *ext;  /* V_EXTERN: "sa.String", "typing.Optional",
			   * "builtins.str", "pg.JSONB", or the dotted name
			   * of a third-party object ("money.Money") */
} sm_val;

struct sm_module {
	const char *name; /* dotted: "app.models.user" */
	const char *path;
	const char *model_path; /* path, copied into the model's arena */
	bool is_pkg;		/* an __init__.py */
	rt_py_module *ast;
	rt_map names; /* name -> struct binding * (load_sqlmodel.c) */
	int stars;    /* "from x import *" statements: -1 not counted yet */
};

/* One field of a model class (an annotated name in its body). */
typedef struct sm_field {
	const char *name;
	rt_py_expr *annotation;
	rt_py_expr *value; /* NULL: no default */
	sm_class *owner;   /* the class whose body declares it */
	int line;
} sm_field;

typedef enum sm_enum_kind {
	ENUM_NO,
	ENUM_PLAIN, /* Enum, Flag, ... */
	ENUM_STR,   /* str mixin, StrEnum */
	ENUM_INT,   /* IntEnum, int mixin */
} sm_enum_kind;

struct sm_class {
	const char *name;
	sm_module *m;
	rt_py_stmt *st;
	rt_vec bases; /* sm_val * */
	bool resolved, resolving;
	bool sqlmodel;	 /* derives from SQLModel */
	bool table;	 /* makes a table */
	bool table_base; /* table=True itself or inherits one (no table) */
	sm_enum_kind enum_kind;
	bool str_like; /* a str subclass (EmailStr style) */
	rt_vec mro;    /* sm_class *, self first (project classes only) */
	rt_vec fields; /* sm_field *, pydantic order */
	rt_vec labels; /* enums: member names (const char *), aliases out */
};

/* The reader's state for one load. */
typedef struct sm {
	rt_arena *a;	    /* scratch: freed when the load ends */
	rt_arena *ma;	    /* the model's arena (source places) */
	const char *root;   /* directory module names start from */
	const char *cwd;    /* paths below it are shown relative */
	rt_vec modules;	    /* sm_module *, load order */
	rt_map by_name;	    /* dotted name -> sm_module * */
	rt_map missing;	    /* dotted names that are no project module */
	rt_map eval_memo;   /* (expr, module) -> sm_val *: rt_load__sm_eval */
	rt_map parsed;	    /* path -> rt_py_module *: prefetched parses */
	rt_arena *parsed_a; /* their arena (the helper thread's) */
	rt_vec classes;	    /* sm_class *, definition order */
	rt_map class_of;    /* rt_py_stmt * -> sm_class * */
	rt_error *err;
	bool refused; /* the error is "cannot be resolved statically" */
	/* the database create_all runs on: RT_DIALECT_PG, or
	 * RT_DIALECT_SQLITE (SQLAlchemy's SQLite DDL) */
	rt_dialect dialect;
	/* SQLModel.metadata's naming convention: key ("ix", "uq", "ck",
	 * "fk", "pk") -> template; NULL entries: none */
	const char *conv[5];
} sm;

/* ---- load_sqlmodel.c: modules, names, classes, values ---------------- */

/* x, sep and y joined, in arena a (the "%s.%s" of the hot paths, without
 * printf's cost). */
char *rt_load__sm_join(rt_arena *a, const char *x, const char *sep,
		       const char *y);

/* What expression e of module m stands for. */
sm_val rt_load__sm_eval(sm *r, sm_module *m, rt_py_expr *e);

/* The external name e stands for ("sa.String"), or NULL. */
const char *rt_load__sm_ext(sm *r, sm_module *m, rt_py_expr *e);

/* The constant value of e: a string, an integer, a boolean or None.
 * false when e is not such a constant (after following names). */
bool rt_load__sm_str(sm *r, sm_module *m, rt_py_expr *e, const char **out);
bool rt_load__sm_int(sm *r, sm_module *m, rt_py_expr *e, long long *out);
bool rt_load__sm_bool(sm *r, sm_module *m, rt_py_expr *e, bool *out);
bool rt_load__sm_is_none(sm *r, sm_module *m, rt_py_expr *e);

/* The expression in text (a string annotation: "Optional[str]"), or
 * NULL when it does not parse as one. */
rt_py_expr *rt_load__sm_parse_expr(sm *r, const char *text);

/* Resolves a class's bases, kind and fields (once). 0, or -1. */
int rt_load__sm_class(sm *r, sm_class *c);

/* A refusal or error at file:line of module m: "what: why". Sets
 * r->refused when refusal. Returns -1. */
int rt_load__sm_fail(sm *r, sm_module *m, int line, bool refusal,
		     const char *fmt, ...) RT_PRINTF(5, 6);

/* ---- load_sqlmodel_table.c: tables as SQLAlchemy would create them ---- */

/* Appends to sql the DDL that SQLModel.metadata.create_all() runs on
 * PostgreSQL (on SQLite when r->dialect says so) for the table classes
 * of r, and records in places (pairs
 * of const char * "schema.table" / "schema.table.column" -> sm_place *)
 * where each came from. 0, or -1. */
typedef struct sm_place {
	const char *file;
	int line;
} sm_place;

/* On SQLite, objs (rt_load_sqlite_obj *, in r's scratch arena) gets one
 * entry per statement appended to sql.
 *
 * With run (PostgreSQL), nothing is written: the schema is built into
 * run's directly, from parse trees put together from pieces, by the SQL
 * loader's functions (the same schema as loading the DDL); places as
 * above. -2 when the loader refused something: the caller then loads
 * the DDL, whose error is the one to report. */
int rt_load__sm_tables(sm *r, rt_buf *sql, rt_map *places, rt_vec *stmt_places,
		       rt_vec *objs, rt_load_sql_run *run);

#endif
