/* SPDX-License-Identifier: MIT */
/*
 * rt_toml: real pyproject.toml files (poetry, setuptools, hatch, ruff),
 * every kind of value, the rules on defining keys and tables, the typed
 * getters, and every error with its line and column.
 */
#include "base/common.h"
#include "base/toml.h"

#include <criterion/criterion.h>
#include <math.h>

static rt_arena *A;

static void setup(void)
{
	A = rt_arena_new();
}

static void teardown(void)
{
	rt_arena_free(A);
}

TestSuite(base_toml, .init = setup, .fini = teardown);

static rt_toml_value *parse_ok(const char *text)
{
	rt_toml_value *root = NULL;
	rt_error err = RT_ERROR_INIT;
	int rc = rt_toml_parse(&root, A, "t.toml", text, strlen(text), &err);
	cr_assert_eq(rc, 0, "t.toml:%d:%d: %s\n%s", err.line, err.col, err.msg,
		     text);
	return root;
}

static rt_toml_value *parse_file(const char *path)
{
	char buf[16384];
	FILE *f = fopen(path, "rb");
	cr_assert_not_null(f, "%s", path);
	size_t n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	rt_toml_value *root = NULL;
	rt_error err = RT_ERROR_INIT;
	cr_assert_eq(rt_toml_parse(&root, A, path, buf, n, &err), 0,
		     "%s:%d:%d: %s", err.file, err.line, err.col, err.msg);
	return root;
}

static void parse_err(const char *text, int line, int col, const char *want)
{
	rt_toml_value *root = NULL;
	rt_error err = RT_ERROR_INIT;
	int rc =
	    rt_toml_parse(&root, A, "pyproject.toml", text, strlen(text), &err);
	cr_assert_eq(rc, -1, "parsed, expected '%s':\n%s", want, text);
	cr_expect_eq(err.code, RT_EINPUT);
	cr_expect_str_eq(err.file, "pyproject.toml");
	cr_expect(strstr(err.msg, want), "'%s' lacks '%s'", err.msg, want);
	cr_expect_eq(err.line, line, "%s: line %d, expected %d", err.msg,
		     err.line, line);
	cr_expect_eq(err.col, col, "%s: col %d, expected %d", err.msg, err.col,
		     col);
}

static const rt_toml_value *table_at(const rt_toml_value *root,
				     const char *path)
{
	const rt_toml_value *t = NULL;
	rt_error err = RT_ERROR_INIT;
	cr_assert_eq(rt_toml_table(&t, root, path, &err), 0, "%s", err.msg);
	cr_assert_not_null(t, "no table %s", path);
	return t;
}

static const char *get_str(const rt_toml_value *t, const char *key)
{
	const char *s = NULL;
	rt_error err = RT_ERROR_INIT;
	cr_assert_eq(rt_toml_get_string(&s, t, key, &err), 1, "%s: %s", key,
		     err.msg);
	return s;
}

Test(base_toml, poetry)
{
	rt_toml_value *root =
	    parse_file("data/pyproject/poetry/pyproject.toml");
	const rt_toml_value *r = table_at(root, "tool.retort");
	cr_expect_str_eq(get_str(r, "models"), "src/taskapp/models.py");
	cr_expect_str_eq(get_str(r, "migrations"), "db/migrations");
	cr_expect_str_eq(get_str(r, "database_url"),
			 "postgresql://localhost/taskapp");
	cr_expect_eq(r->items.len, 3);
	const rt_toml_value *deps = table_at(root, "tool.poetry.dependencies");
	const rt_toml_value *pg = rt_toml_find(deps, "psycopg");
	cr_assert_not_null(pg);
	cr_expect_eq(pg->type, RT_TOML_TABLE);
	rt_vec extras = {0};
	rt_error err = RT_ERROR_INIT;
	cr_assert_eq(rt_toml_get_strings(&extras, A, pg, "extras", &err), 1);
	cr_assert_eq(extras.len, 2);
	cr_expect_str_eq(extras.items[1], "pool");
	const rt_toml_value *dev = table_at(root, "tool.poetry.group.dev");
	cr_expect_str_eq(dev->path, "tool.poetry.group.dev");
	cr_expect_str_eq(
	    get_str(table_at(root, "build-system"), "build-backend"),
	    "poetry.core.masonry.api");
}

Test(base_toml, setuptools)
{
	rt_toml_value *root =
	    parse_file("data/pyproject/setuptools/pyproject.toml");
	const rt_toml_value *p = table_at(root, "project");
	cr_expect_str_eq(get_str(p, "description"),
			 "Stock levels for \"small\" shops.\nSecond line, with "
			 "a \\ that stays.");
	const rt_toml_value *authors = rt_toml_find(p, "authors");
	cr_assert_eq(authors->type, RT_TOML_ARRAY);
	cr_assert_eq(authors->items.len, 2);
	cr_expect_str_eq(get_str(authors->items.items[1], "name"),
			 "Édouard Lucas");
	cr_expect_str_eq(get_str(table_at(root, "project.urls"), "Bug Tracker"),
			 "https://example.com/inventory/issues");
	const rt_toml_value *r = table_at(root, "tool.retort");
	bool strict = false;
	int64_t ms = 0;
	rt_vec schemas = {0};
	rt_error err = RT_ERROR_INIT;
	cr_expect_eq(rt_toml_get_bool(&strict, r, "strict", &err), 1);
	cr_expect(strict);
	cr_expect_eq(rt_toml_get_int(&ms, r, "lock_timeout_ms", &err), 1);
	cr_expect_eq(ms, 2000);
	cr_expect_eq(rt_toml_get_strings(&schemas, A, r, "schemas", &err), 1);
	cr_expect_eq(schemas.len, 2);
	const rt_toml_value *fu =
	    rt_toml_find(table_at(root, "tool.coverage.report"), "fail_under");
	cr_assert_eq(fu->type, RT_TOML_FLOAT);
	cr_expect_float_eq(fu->f, 90.5, 1e-9);
	const rt_toml_value *fw = rt_toml_find(
	    table_at(root, "tool.pytest.ini_options"), "filterwarnings");
	cr_expect_str_eq(((rt_toml_value *)fw->items.items[1])->str,
			 "ignore:datetime\\.utcnow:DeprecationWarning");
}

Test(base_toml, hatch_arrays_of_tables)
{
	rt_toml_value *root = parse_file("data/pyproject/hatch/pyproject.toml");
	const rt_toml_value *r = table_at(root, "tool.retort");
	cr_expect_str_eq(get_str(r, "migrations"), "migrations\\ledger");
	cr_expect_str_eq(get_str(table_at(root, "tool.retort.extra"), "note"),
			 "a sub-table of tool.retort");
	const rt_toml_value *all = table_at(root, "tool.hatch.envs.all");
	const rt_toml_value *m = rt_toml_find(all, "matrix");
	cr_assert_eq(m->type, RT_TOML_ARRAY);
	cr_assert_eq(m->items.len, 2);
	cr_expect_not_null(rt_toml_find(m->items.items[1], "features"));
	cr_expect_null(rt_toml_find(m->items.items[0], "features"));
	/* an array of tables on a path stands for its last table */
	const rt_toml_value *last =
	    table_at(root, "tool.hatch.envs.all.matrix");
	cr_expect_eq(last, m->items.items[1]);
	/* a quoted key with a dot is one key */
	const rt_toml_value *ep = table_at(root, "project.entry-points");
	cr_expect_str_eq(get_str(rt_toml_find(ep, "ledger.plugins"), "csv"),
			 "ledger.plugins.csv:Plugin");
}

Test(base_toml, ruff)
{
	rt_toml_value *root = parse_file("data/pyproject/ruff/pyproject.toml");
	int64_t n = 0;
	rt_error err = RT_ERROR_INIT;
	cr_expect_eq(rt_toml_get_int(&n, table_at(root, "tool.ruff"),
				     "line-length", &err),
		     1);
	cr_expect_eq(n, 100);
	const rt_toml_value *pfi =
	    table_at(root, "tool.ruff.lint.per-file-ignores");
	cr_expect_not_null(rt_toml_find(pfi, "tests/**/*.py"));
	const rt_toml_value *b = table_at(root, "tool.black");
	cr_expect_str_eq(get_str(b, "extend-exclude"),
			 "/(\n  \\.eggs\n  | migrations\n)/\n");
	cr_expect_str_eq(
	    get_str(table_at(root, "tool.retort.environments.prod"),
		    "database_url"),
	    "postgresql://db.internal/ruffed");
	cr_expect_str_eq(get_str(table_at(root, "tool.retort"), "models"),
			 "ruffed/models.py");
	const rt_toml_value *unf =
	    rt_toml_find(table_at(root, "tool.ruff.lint"), "unfixable");
	cr_expect_eq(unf->type, RT_TOML_ARRAY);
	cr_expect_eq(unf->items.len, 0);
}

Test(base_toml, strings)
{
	rt_toml_value *r =
	    parse_ok("a = \"tab\\there \\\"q\\\" \\\\ \\u00e9\\U0001F600\"\n"
		     "b = 'C:\\path\\n'\n"
		     "c = \"\"\"\nline one\nline two\\\n    joined\"\"\"\n"
		     "d = '''\n'quoted' \"\"\"'''\n"
		     "e = \"\"\"two quotes \"\" and end\"\"\"\"\"\n"
		     "f = ''''one quote at each end''''\n"
		     "g = \"\"\n"
		     "h = \"\\u0000x\"\n"
		     "\"quoted key\" = 1\n"
		     "'lit.key' = 2\n"
		     "\"\" = 3\n"
		     "crlf = \"\"\"a\r\nb\"\"\"\r\n");
	cr_expect_str_eq(get_str(r, "a"), "tab\there \"q\" \\ é😀");
	cr_expect_str_eq(get_str(r, "b"), "C:\\path\\n");
	cr_expect_str_eq(get_str(r, "c"), "line one\nline twojoined");
	cr_expect_str_eq(get_str(r, "d"), "'quoted' \"\"\"");
	cr_expect_str_eq(get_str(r, "e"), "two quotes \"\" and end\"\"");
	cr_expect_str_eq(get_str(r, "f"), "'one quote at each end'");
	cr_expect_str_eq(get_str(r, "g"), "");
	const rt_toml_value *h = rt_toml_find(r, "h");
	cr_expect_eq(h->len, 2);
	cr_expect_eq(memcmp(h->str, "\0x", 2), 0);
	const char *s;
	rt_error err = RT_ERROR_INIT;
	cr_expect_eq(rt_toml_get_string(&s, r, "h", &err), -1);
	cr_expect_str_eq(err.msg, "'h' holds a NUL byte");
	cr_expect_not_null(rt_toml_find(r, "quoted key"));
	cr_expect_not_null(rt_toml_find(r, "lit.key"));
	cr_expect_not_null(rt_toml_find(r, ""));
	cr_expect_str_eq(get_str(r, "crlf"), "a\nb");
}

Test(base_toml, numbers_booleans_dates)
{
	rt_toml_value *r = parse_ok(
	    "i = 42\nn = -17\np = +3\nz = 0\nu = 1_000_000\n"
	    "x = 0xDEAD_beef\no = 0o755\nb = 0b1101\n"
	    "max = 9223372036854775807\nmin = -9223372036854775808\n"
	    "f1 = 3.25\nf2 = -1e-3\nf3 = 6.02E+23\nf4 = 1_0.5_5\n"
	    "inf1 = inf\ninf2 = -inf\nnan1 = +nan\n"
	    "t = true\nf = false\n"
	    "d1 = 1979-05-27T07:32:00Z\nd2 = 1979-05-27 00:32:00.999-07:00\n"
	    "d3 = 1979-05-27\nd4 = 07:32:00\nd5 = 2000-02-29t00:00:00\n");
	struct {
		const char *k;
		int64_t v;
	} ints[] = {{"i", 42},	       {"n", -17},     {"p", 3},
		    {"z", 0},	       {"u", 1000000}, {"x", 0xdeadbeef},
		    {"o", 0755},       {"b", 13},      {"max", INT64_MAX},
		    {"min", INT64_MIN}};
	rt_error err = RT_ERROR_INIT;
	for (size_t i = 0; i < RT_ARRAY_LEN(ints); i++) {
		int64_t v = 0;
		cr_expect_eq(rt_toml_get_int(&v, r, ints[i].k, &err), 1);
		cr_expect_eq(v, ints[i].v, "%s", ints[i].k);
	}
	cr_expect_float_eq(rt_toml_find(r, "f1")->f, 3.25, 1e-12);
	cr_expect_float_eq(rt_toml_find(r, "f2")->f, -0.001, 1e-12);
	cr_expect_float_eq(rt_toml_find(r, "f3")->f, 6.02e23, 1e10);
	cr_expect_float_eq(rt_toml_find(r, "f4")->f, 10.55, 1e-12);
	cr_expect(isinf(rt_toml_find(r, "inf2")->f) &&
		  rt_toml_find(r, "inf2")->f < 0);
	cr_expect(isnan(rt_toml_find(r, "nan1")->f));
	bool t = false, f = true;
	cr_expect_eq(rt_toml_get_bool(&t, r, "t", &err), 1);
	cr_expect_eq(rt_toml_get_bool(&f, r, "f", &err), 1);
	cr_expect(t && !f);
	const char *dates[] = {"d1", "d2", "d3", "d4", "d5"};
	for (size_t i = 0; i < RT_ARRAY_LEN(dates); i++)
		cr_expect_eq(rt_toml_find(r, dates[i])->type, RT_TOML_DATETIME,
			     "%s", dates[i]);
	cr_expect_str_eq(rt_toml_find(r, "d2")->str,
			 "1979-05-27 00:32:00.999-07:00");
}

Test(base_toml, arrays_inline_tables_dotted_keys)
{
	rt_toml_value *r = parse_ok(
	    "a = [ [1, 2], [\"x\", ['y']], [], ]\n"
	    "b = [ # comment\n  1,\n\n  2 # two\n  ,\n]\n"
	    "c = { x = 1, y.z = \"w\", n = { m = [1, {k = true}] } }\n"
	    "site.\"google.com\".ok = true\n"
	    "fruit.apple.color = \"red\"\nfruit.apple.taste.sweet = true\n"
	    "[fruit.apple.texture]\nsmooth = true\n"
	    "[x.y.z.w]\n[x]\n"
	    "[[p]]\nname = 'a'\n[p.sub]\nq = 1\n[[p]]\nname = 'b'\n"
	    "[[p.v]]\nk = 1\n");
	const rt_toml_value *a = rt_toml_find(r, "a");
	cr_assert_eq(a->items.len, 3);
	cr_expect_eq(((rt_toml_value *)a->items.items[1])->items.len, 2);
	cr_expect_eq(rt_toml_find(r, "b")->items.len, 2);
	const rt_toml_value *c = rt_toml_find(r, "c");
	cr_expect_str_eq(get_str(rt_toml_find(c, "y"), "z"), "w");
	cr_expect_str_eq(rt_toml_find(c, "n")->path, "c.n");
	cr_expect_not_null(rt_toml_find(rt_toml_find(r, "site"), "google.com"));
	const rt_toml_value *apple = table_at(r, "fruit.apple");
	cr_expect_eq(apple->items.len, 3);
	cr_expect_not_null(
	    rt_toml_find(table_at(r, "fruit.apple.texture"), "smooth"));
	cr_expect_not_null(table_at(r, "x.y.z.w"));
	const rt_toml_value *p = rt_toml_find(r, "p");
	cr_assert_eq(p->items.len, 2);
	cr_expect_not_null(rt_toml_find(p->items.items[0], "sub"));
	cr_expect_not_null(rt_toml_find(p->items.items[1], "v"));
	/* absent tables are NULL, not errors */
	const rt_toml_value *t = (void *)1;
	rt_error err = RT_ERROR_INIT;
	cr_expect_eq(rt_toml_table(&t, r, "tool.retort", &err), 0);
	cr_expect_null(t);
	cr_expect_eq(rt_toml_table(&t, r, "fruit.pear", &err), 0);
	cr_expect_null(t);
	/* and an empty document is an empty table */
	r = parse_ok("");
	cr_expect_eq(r->type, RT_TOML_TABLE);
	cr_expect_eq(r->items.len, 0);
	r = parse_ok("\xef\xbb\xbf# only a comment\n\n   \t\n");
	cr_expect_eq(r->items.len, 0);
}

Test(base_toml, getters_name_the_key_and_place)
{
	rt_toml_value *root = parse_ok("[tool.retort]\nmodels = 3\n"
				       "strict = \"yes\"\nn = 1.5\n"
				       "schemas = [\"a\", 2]\nlist = 'x'\n"
				       "[tool.other]\nretort = 1\n");
	const rt_toml_value *r = table_at(root, "tool.retort");
	const char *s;
	bool b;
	int64_t i;
	rt_vec v = {0};
	rt_error err = RT_ERROR_INIT;
	cr_expect_eq(rt_toml_get_string(&s, r, "models", &err), -1);
	cr_expect_str_eq(err.msg,
			 "'tool.retort.models' must be a string, not an "
			 "integer");
	cr_expect_str_eq(err.file, "t.toml");
	cr_expect_eq(err.line, 2);
	cr_expect_eq(err.col, 10);
	cr_expect_eq(rt_toml_get_bool(&b, r, "strict", &err), -1);
	cr_expect_str_eq(
	    err.msg, "'tool.retort.strict' must be a boolean, not a string");
	cr_expect_eq(rt_toml_get_int(&i, r, "n", &err), -1);
	cr_expect_str_eq(err.msg,
			 "'tool.retort.n' must be an integer, not a float");
	cr_expect_eq(rt_toml_get_strings(&v, A, r, "schemas", &err), -1);
	cr_expect_str_eq(err.msg, "'tool.retort.schemas' must be an array of "
				  "strings; item 2 is an integer");
	cr_expect_eq(err.line, 5);
	cr_expect_eq(err.col, 17);
	cr_expect_eq(v.len, 0);
	cr_expect_eq(rt_toml_get_strings(&v, A, r, "list", &err), -1);
	cr_expect_str_eq(err.msg, "'tool.retort.list' must be an array of "
				  "strings, not a string");
	cr_expect_eq(rt_toml_get_string(&s, r, "absent", &err), 0);
	const rt_toml_value *t = NULL;
	cr_expect_eq(rt_toml_table(&t, root, "tool.other.retort", &err), -1);
	cr_expect_str_eq(err.msg,
			 "'tool.other.retort' must be a table, not an integer");
	cr_expect_eq(err.line, 8);
	cr_expect_str_eq(rt_toml_type_name(RT_TOML_DATETIME), "a date-time");
}

Test(base_toml, errors_missing_value)
{
	parse_err("a = 1\nb = \n", 2, 5,
		  "expected a value, found the end of the line");
	parse_err("a = 1\nb =", 2, 4,
		  "expected a value, found the end of the file");
	parse_ok("a = 1\nb = \"no newline at the end\"");
}

Test(base_toml, errors_keys_and_lines)
{
	parse_err("a = 1 b = 2\n", 1, 7,
		  "expected the end of the line, found "
		  "'b'");
	parse_err("name \"x\"\n", 1, 6,
		  "expected '=' after the key 'name', "
		  "found '\"x\"'");
	parse_err("= 1\n", 1, 1, "expected a key, found '='");
	parse_err("a.\n", 1, 3, "expected a key, found the end of the line");
	parse_err("a = 1\r\rb = 2\n", 1, 6,
		  "a carriage return not followed by a newline");
	parse_err("a = 1 # ok\x01\n", 1, 11,
		  "control character 0x01 in a comment");
	parse_err("\"\"\"k\"\"\" = 1\n", 1, 1,
		  "a multi-line string cannot be a key");
	parse_err("\"a\\u0000b\" = 1\n", 1, 1, "a key holds a NUL byte");
}

Test(base_toml, errors_values)
{
	parse_err("v = nope\n", 1, 5, "expected a value, found 'nope'");
	parse_err("v = 0123\n", 1, 5, "invalid number '0123'");
	parse_err("v = 1__0\n", 1, 5, "invalid number '1__0'");
	parse_err("v = 1_\n", 1, 5, "invalid number '1_'");
	parse_err("v = 1.\n", 1, 5, "invalid number '1.'");
	parse_err("v = 1e\n", 1, 5, "invalid number '1e'");
	parse_err("v = 1.5x\n", 1, 5, "invalid value '1.5x'");
	parse_err("v = 0x\n", 1, 5, "invalid integer '0x'");
	parse_err("v = 0b102\n", 1, 5, "invalid integer '0b102'");
	parse_err("v = 9223372036854775808\n", 1, 5,
		  "integer '9223372036854775808' out of range (64 bits)");
	parse_err("v = 0x8000000000000000\n", 1, 5, "out of range (64 bits)");
	parse_err("v = 1979-02-30\n", 1, 5,
		  "invalid date or time "
		  "'1979-02-30'");
	parse_err("v = 1979-05-27T25:00:00\n", 1, 5, "invalid date or time");
	parse_err("v = 07:32\n", 1, 5, "invalid date or time '07:32'");
	parse_err("v = 1979-05-27T07:32:00+7\n", 1, 5, "invalid date or time");
	parse_err("v = truex\n", 1, 5, "expected a value, found 'truex'");
	parse_err("v = [1, 2\n", 2, 1,
		  "expected ',' or ']' in an array, found the end of the file");
	parse_err("v = [1 2]\n", 1, 8,
		  "expected ',' or ']' in an array, found '2]'");
	parse_err("v = [,]\n", 1, 6, "expected a value, found ',]'");
	parse_err("v = {a = 1,}\n", 1, 12,
		  "a trailing comma in an inline table");
	parse_err("v = {a = 1\n, b = 2}\n", 1, 11,
		  "a newline inside an inline table (TOML 1.0 keeps them on "
		  "one line)");
	parse_err("v = {a = 1 b = 2}\n", 1, 12,
		  "expected ',' or '}' in an inline table, found 'b'");
	parse_err("v = {a = 1, a = 2}\n", 1, 13,
		  "duplicate key 'v.a' (first at line 1)");
}

Test(base_toml, errors_strings)
{
	parse_err("a = 1\nb = \"abc\n", 2, 9,
		  "unterminated string (a newline before the closing quote)");
	parse_err("a = 1\nb = \"\"\"abc\n\n", 2, 5, "unterminated string");
	parse_err("b = 'abc", 1, 5, "unterminated string");
	parse_err(
	    "b = \"a\\qb\"\n", 1, 7,
	    "invalid escape '\\q' (escapes: \\b \\t \\n \\f \\r \\\" \\\\ "
	    "\\uXXXX \\UXXXXXXXX)");
	parse_err("b = \"\\u12\"\n", 1, 6,
		  "invalid escape: \\u needs 4 hex "
		  "digits");
	parse_err("b = \"\\uD800\"\n", 1, 6,
		  "invalid escape: U+D800 is not a Unicode scalar value");
	parse_err("b = \"\\U00110000\"\n", 1, 6, "not a Unicode scalar value");
	parse_err("b = \"a\x01\"\n", 1, 7,
		  "control character 0x01 in a string");
	parse_err("b = \"\"\"a\"\"\"\"\"\"\n", 1, 9,
		  "too many quotes closing a multi-line string");
	parse_err("b = '''a\rb'''\n", 1, 9,
		  "a carriage return not followed by a newline");
	parse_err("a = 1\nb = \"\xff\"\n", 2, 6, "invalid UTF-8 (byte 0xff)");
	parse_err("b = \"\xed\xa0\x80\"\n", 1, 6, "invalid UTF-8 (byte 0xed)");
	parse_err("b = \"\xc0\xaf\"\n", 1, 6, "invalid UTF-8 (byte 0xc0)");
}

Test(base_toml, errors_tables_defined_twice)
{
	parse_err("a = 1\na = 2\n", 2, 1,
		  "duplicate key 'a' (first at line 1)");
	parse_err("[t]\nx = 1\n[t]\n", 3, 1,
		  "table [t] is defined twice (first at line 1)");
	parse_err("[t.u]\n[t]\n[t]\n", 3, 1,
		  "table [t] is defined twice (first at line 2)");
	parse_err("[t]\nu.v = 1\n[t.u]\n", 3, 1,
		  "table [t.u] was already defined by dotted keys (line 2)");
	parse_err("[a.b.c]\nz = 9\n[a]\nb.c.t = 9\n", 4, 1,
		  "'a.b' is a table with a header (line 1): dotted keys cannot "
		  "add to it");
	parse_err("a = 1\n[a.b]\n", 2, 2,
		  "'a' is an integer (line 1), not a "
		  "table");
	parse_err("a = 1\n[a]\n", 2, 1,
		  "[a]: 'a' is an integer (line 1), not a table");
	parse_err("a = {x = 1}\n[a]\n", 2, 1, "table [a] is defined twice");
	parse_err("a = {x = 1}\na.y = 2\n", 2, 1,
		  "'a' is an inline table (line 1): it cannot be extended");
	parse_err("a = {x = {y = 1}}\n[a.x.z]\n", 2, 2,
		  "'a' is an inline table (line 1): it cannot be extended");
	parse_err("a = [1]\n[[a]]\n", 2, 1,
		  "[[a]]: 'a' is an array (line 1), not an array of tables");
	parse_err("[[a]]\n[a]\n", 2, 1,
		  "[a]: 'a' is an array of tables (line 1), not a table");
	parse_err("a.b = 1\na.b.c = 2\n", 2, 3,
		  "'a.b' is an integer (line 1), not a table");
	parse_err("[a\n", 1, 3,
		  "expected ']' closing the table header, found the end of the "
		  "line");
	parse_err("[[a]\n", 1, 4, "expected ']]' closing the table header");
	parse_err("[a] x = 1\n", 1, 5,
		  "expected the end of the line, found 'x'");
}

/* "a = " then n '[' and n ']', in the arena */
static char *nested(size_t n)
{
	char *t = rt_arena_alloc(A, 2 * n + 8);
	memcpy(t, "a = ", 4);
	memset(t + 4, '[', n);
	memset(t + 4 + n, ']', n);
	t[4 + 2 * n] = '\n';
	return t;
}

Test(base_toml, errors_long_key_and_nul_items)
{
	char key[2 * 65 + 8];
	for (int i = 0; i < 65; i++) {
		key[2 * i] = 'k';
		key[2 * i + 1] = '.';
	}
	memcpy(key + 2 * 64 + 1, " = 1\n", 6);
	key[2 * 64] = 'z';
	parse_err(key, 1, 129, "a key of more than 64 parts");
	rt_toml_value *r = parse_ok("a = [\"x\", \"y\\u0000\"]\n");
	rt_vec v = {0};
	rt_error err = RT_ERROR_INIT;
	cr_expect_eq(rt_toml_get_strings(&v, A, r, "a", &err), -1);
	cr_expect_str_eq(err.msg, "'a' must be an array of strings; item 2 is "
				  "a string with a NUL byte");
	cr_expect_eq(err.col, 11);
}

Test(base_toml, errors_nesting_limit)
{
	parse_err(nested(300), 1, 4 + RT_TOML_DEPTH_MAX + 1,
		  "arrays and inline tables nested more than 256 deep");
	parse_ok(nested(RT_TOML_DEPTH_MAX)); /* just within the limit */
}
