/* SPDX-License-Identifier: MIT */
/* The Python reader: tokens, statements kept and skipped, errors. */
#include "base/common.h"
#include "base/buf.h"
#include "py/py.h"

#include <criterion/criterion.h>

static rt_arena *arena;
static rt_error err;

static void setup(void)
{
	arena = rt_arena_new();
	rt_error_clear(&err);
}

static void teardown(void)
{
	rt_arena_free(arena);
}

TestSuite(py_parse, .init = setup, .fini = teardown);

static rt_py_module *parse(const char *src)
{
	rt_py_module *m = NULL;
	int rc = rt_py_parse(&m, arena, "m.py", src, strlen(src), &err);
	cr_assert_eq(rc, 0, "parse failed: %d:%d: %s", err.line, err.col,
		     err.msg);
	return m;
}

static rt_error *parse_err(const char *src, size_t len)
{
	rt_py_module *m = NULL;
	cr_assert_eq(rt_py_parse(&m, arena, "m.py", src, len, &err), -1);
	cr_expect_eq(err.code, RT_EINPUT);
	cr_expect_str_eq(err.file, "m.py");
	return &err;
}

static rt_py_stmt *stmt(rt_py_module *m, size_t i)
{
	cr_assert_lt(i, m->body.len);
	return m->body.items[i];
}

Test(py_parse, imports)
{
	rt_py_module *m = parse("import a.b as c, d\n"
				"from ..x.y import (p as q,\n r,)\n"
				"from . import z\nfrom m import *\n");
	rt_py_stmt *s = stmt(m, 0);
	cr_expect_eq(s->kind, RT_PY_S_IMPORT);
	cr_expect_eq(s->nnames, 2);
	cr_expect_str_eq(s->names[0], "a.b");
	cr_expect_str_eq(s->asnames[0], "c");
	cr_expect_null(s->asnames[1]);
	s = stmt(m, 1);
	cr_expect_eq(s->kind, RT_PY_S_FROM);
	cr_expect_eq(s->level, 2);
	cr_expect_str_eq(s->module, "x.y");
	cr_expect_eq(s->nnames, 2);
	cr_expect_str_eq(s->asnames[0], "q");
	s = stmt(m, 2);
	cr_expect_eq(s->level, 1);
	cr_expect_str_eq(s->module, "");
	cr_expect(stmt(m, 3)->star);
}

Test(py_parse, class_fields_and_skipped_bodies)
{
	rt_py_module *m = parse(
	    "@decorator(x=1)\n"
	    "class Hero(Base, table=True):\n"
	    "    \"\"\"Doc.\n\n  string\"\"\"\n"
	    "    id: Optional[int] = Field(default=None, primary_key=True)\n"
	    "    name: str = Field(index=True)  # comment\n"
	    "    x = 1; y = 2\n"
	    "    @validator('name')\n"
	    "    def check(cls, v):\n"
	    "        if v:\n"
	    "            return v v v: never parsed\n"
	    "        return v\n"
	    "    class Config:\n"
	    "        table = True\n"
	    "def f():\n    pass\n"
	    "if TYPE_CHECKING:\n    from a import b\n"
	    "match = 3\n");
	rt_py_stmt *c = stmt(m, 0);
	cr_assert_eq(c->kind, RT_PY_S_CLASS);
	cr_expect_str_eq(c->name, "Hero");
	cr_expect_eq(c->ndecorators, 1);
	cr_expect_eq(c->call->n, 1);
	cr_expect_str_eq(c->call->kw[0], "table");
	cr_expect_eq(c->body.len, 7);
	rt_py_stmt *f = c->body.items[1];
	cr_expect_eq(f->kind, RT_PY_S_ANN);
	cr_expect_str_eq(f->targets[0]->s, "id");
	cr_expect_eq(f->annotation->kind, RT_PY_SUBSCRIPT);
	cr_expect_eq(f->value->kind, RT_PY_CALL);
	cr_expect_not_null(rt_py_kwarg(f->value, "primary_key"));
	cr_expect_eq(f->line, 6);
	cr_expect_eq(((rt_py_stmt *)c->body.items[3])->kind, RT_PY_S_ASSIGN);
	cr_expect_eq(((rt_py_stmt *)c->body.items[5])->kind, RT_PY_S_DEF);
	cr_expect_eq(((rt_py_stmt *)c->body.items[6])->kind, RT_PY_S_CLASS);
	cr_expect_eq(stmt(m, 1)->kind, RT_PY_S_DEF);
	cr_expect_eq(stmt(m, 2)->kind, RT_PY_S_OTHER);
	cr_expect_eq(stmt(m, 3)->kind, RT_PY_S_ASSIGN);
}

Test(py_parse, strings_of_every_kind)
{
	rt_py_module *m = parse("a = 'x\\n' \"y\" r'\\d' b'\\x41' '\\u00e9'\n"
				"b = f'{x}'\n"
				"c = '''multi\nline'''\n"
				"d = 'line\\\ncontinued'\n");
	rt_py_expr *a = stmt(m, 0)->value;
	cr_assert_eq(a->kind, RT_PY_STR);
	cr_expect_str_eq(a->s, "x\ny\\d\x41\xc3\xa9");
	cr_expect_eq(stmt(m, 1)->value->kind, RT_PY_OTHER);
	cr_expect_str_eq(stmt(m, 2)->value->s, "multi\nline");
	cr_expect_str_eq(stmt(m, 3)->value->s, "linecontinued");
	cr_expect_eq(stmt(m, 3)->line, 5);
}

Test(py_parse, expressions)
{
	rt_py_module *m =
	    parse("x: int | None = None\n"
		  "y = [i for i in range(3)]\n"
		  "z = {'a': 1, **w}\n"
		  "v = a if b else c\n"
		  "u = lambda e: [m.value for m in e]\n"
		  "t = s[1:2], -3, not q, a.b.c(d, *e, f=g, **h)\n"
		  "w = (yield)\n");
	rt_py_expr *x = stmt(m, 0)->annotation;
	cr_expect_eq(x->kind, RT_PY_BINOP);
	cr_expect_str_eq(x->s, "|");
	cr_expect_eq(stmt(m, 1)->value->kind, RT_PY_OTHER);
	rt_py_expr *z = stmt(m, 2)->value;
	cr_expect_eq(z->kind, RT_PY_DICT);
	cr_expect_eq(z->n, 2);
	cr_expect_null(z->items[1]);
	cr_expect_eq(stmt(m, 3)->value->kind, RT_PY_OTHER);
	rt_py_expr *u = stmt(m, 4)->value;
	cr_expect_eq(u->kind, RT_PY_LAMBDA);
	cr_expect_str_eq(u->s, "[m.value for m in e]");
	rt_py_expr *t = stmt(m, 5)->value;
	cr_assert_eq(t->kind, RT_PY_TUPLE);
	cr_expect_eq(t->n, 4);
	rt_py_expr *call = t->items[3];
	cr_expect_eq(call->kind, RT_PY_CALL);
	cr_expect_str_eq(rt_py_dotted(arena, call->a), "a.b.c");
	cr_expect_eq(call->n, 2);
	cr_expect_eq(call->nkw, 2);
	cr_expect_null(call->kw[1]);
}

Test(py_parse, continuation_and_brackets_span_lines)
{
	rt_py_module *m = parse("x = 1 + \\\n    2\n"
				"y = foo(\n  a,\n\n  # c\n  b)\n"
				"z = 3\n");
	cr_expect_eq(m->body.len, 3);
	cr_expect_eq(stmt(m, 2)->line, 8);
}

Test(py_parse, tabs_crlf_bom_and_utf8_names)
{
	rt_py_module *m =
	    parse("\xef\xbb\xbf"
		  "class A:\r\n\tx: int = 1\r\n\t\xc3\xa9t\xc3\xa9: "
		  "str\r\n");
	rt_py_stmt *c = stmt(m, 0);
	cr_expect_eq(c->body.len, 2);
	cr_expect_str_eq(((rt_py_stmt *)c->body.items[1])->targets[0]->s,
			 "\xc3\xa9t\xc3\xa9");
}

Test(py_parse, syntax_error_place)
{
	rt_error *e = parse_err("x = 1\ny = (1,\n", 13);
	cr_expect_eq(e->line, 2);
	cr_expect_eq(e->col, 5);
	cr_expect_str_eq(e->msg, "syntax error: '(' was never closed");
	e = parse_err("class A(B):\nx = 1\n", 18);
	cr_expect_eq(e->line, 2);
	e = parse_err("a = b c\n", 8);
	cr_expect_eq(e->line, 1);
	cr_expect_eq(e->col, 7);
	cr_expect_str_eq(e->msg, "syntax error at 'c'");
	e = parse_err("if x:\n    a = 1\n  b = 2\n", 22);
	cr_expect_str_eq(e->msg, "syntax error: unindent does not match any "
				 "outer indentation level");
	cr_expect_eq(e->line, 3);
	e = parse_err("x = (]\n", 7);
	cr_expect_eq(e->col, 6);
}

Test(py_parse, unterminated_strings)
{
	rt_error *e = parse_err("x = 'abc\n", 9);
	cr_expect_eq(e->col, 5);
	cr_expect_str_eq(e->msg, "syntax error: unterminated string literal "
				 "(detected at line 1)");
	e = parse_err("x = 1\ny = \"\"\"abc\n\n", 17);
	cr_expect_eq(e->line, 2);
	cr_expect_str_eq(e->msg, "syntax error: unterminated triple-quoted "
				 "string literal (detected at line 3)");
}

Test(py_parse, hostile_input)
{
	rt_error *e = parse_err("x = 1\ny = 'a\0b'\n", 14);
	cr_expect_eq(e->line, 2);
	cr_expect_eq(e->col, 7);
	cr_expect_str_eq(e->msg, "source code cannot contain null bytes");
	e = parse_err("x = '\xff'\n", 8);
	cr_expect_eq(e->col, 6);
	/* a declared encoding lets the bytes through */
	rt_py_module *m = NULL;
	const char *latin = "# -*- coding: latin-1 -*-\nx = '\xff'\n";
	cr_expect_eq(rt_py_parse(&m, arena, "m.py", latin, strlen(latin), &err),
		     0);
	/* nesting: brackets, then unary operators and lambdas */
	char deep[2000];
	size_t n = 0;
	n += (size_t)snprintf(deep, sizeof(deep), "x = ");
	for (int i = 0; i < 300; i++)
		deep[n++] = '[';
	deep[n++] = '\n';
	e = parse_err(deep, n);
	cr_expect_str_eq(e->msg, "too many nested parentheses (over 200)");
	n = (size_t)snprintf(deep, sizeof(deep), "x = ");
	for (int i = 0; i < 1500; i++)
		deep[n++] = '-';
	deep[n++] = '1';
	deep[n++] = '\n';
	e = parse_err(deep, n);
	cr_expect_str_eq(e->msg, "expression nested too deeply (over 800 "
				 "levels)");
}

#include "py/py_int.h"

/* The keyword table: every keyword, and names one byte off, shorter,
 * longer or sharing a prefix (the table compares the second byte first). */
Test(py_parse, keywords_exact)
{
	static const char *const kws[] = {
	    "False",  "None",	  "True",  "and",    "as",	 "assert",
	    "async",  "await",	  "break", "class",  "continue", "def",
	    "del",    "elif",	  "else",  "except", "finally",	 "for",
	    "from",   "global",	  "if",	   "import", "in",	 "is",
	    "lambda", "nonlocal", "not",   "or",     "pass",	 "raise",
	    "return", "try",	  "while", "with",   "yield"};
	for (size_t i = 0; i < sizeof(kws) / sizeof(kws[0]); i++)
		cr_expect(rt_py__is_keyword(kws[i]), "%s", kws[i]);
	static const char *const not_kws[] = {
	    "a",     "i",    "o",      "N",	"an",	   "ass",   "asserts",
	    "Nones", "fro",  "fromm",  "ix",	"ir",	   "isnot", "nota",
	    "de",    "defs", "_if",    "If",	"classes", "wit",   "whilst",
	    "y",     "yiel", "yields", "false", "none",	   "true",  "id"};
	for (size_t i = 0; i < sizeof(not_kws) / sizeof(not_kws[0]); i++)
		cr_expect_not(rt_py__is_keyword(not_kws[i]), "%s", not_kws[i]);
}

/* rt_py_kwarg: names sharing a first byte, a prefix, and **kwargs. */
Test(py_parse, kwarg_lookup)
{
	rt_py_module *m = parse("x = f(1, ab=2, a=3, **d, abc=4)\n");
	rt_py_expr *call = stmt(m, 0)->value;
	cr_assert_eq(call->kind, RT_PY_CALL);
	cr_assert_not_null(rt_py_kwarg(call, "a"));
	cr_expect_str_eq(rt_py_kwarg(call, "a")->s, "3");
	cr_expect_str_eq(rt_py_kwarg(call, "ab")->s, "2");
	cr_expect_str_eq(rt_py_kwarg(call, "abc")->s, "4");
	cr_expect_null(rt_py_kwarg(call, "b"));
	cr_expect_null(rt_py_kwarg(call, "abcd"));
	cr_expect_null(rt_py_kwarg(call, ""));
}

/* One token array for several files (a thread's share of a package): a
 * small file, a failing one, then one that needs the array grown parse
 * as they do alone. */
Test(py_parse, reused_token_array)
{
	rt_py_reuse buf = {0};
	rt_py_module *m = NULL;
	const char *small = "x = 1\n";
	cr_assert_eq(rt_py_parse_reuse(&m, arena, &buf, "a.py", small,
				       strlen(small), &err),
		     0);
	cr_expect_eq(m->body.len, 1);
	cr_expect_not_null(buf.v);
	const char *bad = "x = (1,\n";
	cr_expect_eq(
	    rt_py_parse_reuse(&m, arena, &buf, "b.py", bad, strlen(bad), &err),
	    -1);
	cr_expect_str_eq(err.file, "b.py");
	rt_error_clear(&err);
	rt_buf big = RT_BUF_INIT;
	for (int i = 0; i < 2000; i++)
		rt_buf_addf(&big,
			    "class C%d(Base, table=True):\n    f: int = "
			    "Field(default=%d, index=True)\n",
			    i, i);
	size_t cap0 = buf.cap;
	cr_assert_eq(
	    rt_py_parse_reuse(&m, arena, &buf, "c.py", big.data, big.len, &err),
	    0, "%s", err.msg);
	cr_expect_gt(buf.cap, cap0);
	cr_expect_eq(m->body.len, 2000);
	rt_py_stmt *last = stmt(m, 1999);
	cr_expect_eq(last->kind, RT_PY_S_CLASS);
	cr_expect_str_eq(last->name, "C1999");
	cr_expect_eq(last->line, 3999);
	rt_py_module *alone = parse(big.data);
	cr_expect_eq(alone->body.len, m->body.len);
	rt_buf_release(&big);
	rt_py_reuse_release(&buf);
	cr_expect_null(buf.v);
}
