#!/bin/bash
# SPDX-License-Identifier: MIT
# Compares retort's TOML reader (src/base/toml.c) with Python's tomllib on
# TOML files: both must accept or reject each file, and read the same
# values (dates and times compared by kind only). With no argument: the
# test pyproject files and every .toml file installed on the machine
# (CPython's test_tomllib valid and invalid cases among them, when
# present), or build-fuzz/corpus-toml/* after make fuzz. Needs build/libretort.a (make) and Python 3.11+.
#   scripts/toml-vs-tomllib.sh [FILE.toml ...]
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PYTHON=${PYTHON:-/usr/bin/python3}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cat >"$TMP/dump.c" <<'C'
#include "base/common.h"
#include "base/toml.h"
/* the tree as JSON; floats and dates as tagged objects */
static void str(const char *s, size_t n)
{
	putchar('"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}
static void dump(const rt_toml_value *v)
{
	switch (v->type) {
	case RT_TOML_STRING: str(v->str, v->len); break;
	case RT_TOML_INT: printf("%lld", (long long)v->i); break;
	case RT_TOML_FLOAT: printf("{\"float\":\"%s\"}", v->str); break;
	case RT_TOML_BOOL: fputs(v->b ? "true" : "false", stdout); break;
	case RT_TOML_DATETIME: printf("{\"dt\":\"%s\"}", v->str); break;
	case RT_TOML_ARRAY:
		putchar('[');
		for (size_t i = 0; i < v->items.len; i++) {
			if (i) putchar(',');
			dump(v->items.items[i]);
		}
		putchar(']');
		break;
	case RT_TOML_TABLE:
		putchar('{');
		for (size_t i = 0; i < v->items.len; i++) {
			const rt_toml_kv *kv = v->items.items[i];
			if (i) putchar(',');
			str(kv->key, strlen(kv->key));
			putchar(':');
			dump(kv->value);
		}
		putchar('}');
		break;
	}
}
int main(int argc, char **argv)
{
	static char buf[1 << 22];
	FILE *f = fopen(argv[argc - 1], "rb");
	if (!f) return 2;
	size_t n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	rt_arena *a = rt_arena_new();
	rt_error err = RT_ERROR_INIT;
	rt_toml_value *root;
	if (rt_toml_parse(&root, a, argv[1], buf, n, &err) < 0) {
		printf("ERROR %s:%d:%d: %s\n", err.file, err.line, err.col, err.msg);
		return 1;
	}
	dump(root);
	putchar('\n');
	rt_arena_free(a);
	return 0;
}
C
cc -std=c11 -I"$ROOT/src" -o "$TMP/dump" "$TMP/dump.c" "$ROOT/build/libretort.a" -lm
if [ $# -eq 0 ]; then
	set -- "$ROOT"/tests/data/pyproject/*/pyproject.toml
	while IFS= read -r f; do set -- "$@" "$f"; done < <(find / \
		\( -path /proc -o -path /sys -o -path /tmp -o -path "$ROOT" \) \
		-prune -o -name '*.toml' -type f -print 2>/dev/null | sort)
fi
"$PYTHON" - "$TMP/dump" "$@" <<'PY'
import datetime, json, math, subprocess, sys, tomllib
def ref(v):
    if isinstance(v, dict): return {k: ref(x) for k, x in v.items()}
    if isinstance(v, list): return [ref(x) for x in v]
    if isinstance(v, bool): return v
    if isinstance(v, float): return ('float', 'nan' if math.isnan(v) else v)
    if isinstance(v, (datetime.datetime, datetime.date, datetime.time)): return ('dt',)
    return v
def ours(v):
    if isinstance(v, dict):
        if set(v) == {'float'}:
            f = float(v['float'].replace('_', ''))
            return ('float', 'nan' if math.isnan(f) else f)
        if set(v) == {'dt'}: return ('dt',)
        return {k: ours(x) for k, x in v.items()}
    if isinstance(v, list): return [ours(x) for x in v]
    return v
dump, files = sys.argv[1], sys.argv[2:]
same = differ = 0
for path in files:
    try:
        with open(path, 'rb') as f: data = f.read()
        # retort skips a leading UTF-8 byte-order mark (editors on Windows
        # write one); tomllib refuses it
        if data.startswith(b'\xef\xbb\xbf'): data = data[3:]
        want, why = ref(tomllib.loads(data.decode())), None
    except Exception as e: want, why = None, str(e)
    out = subprocess.run([dump, path], capture_output=True, text=True, errors='replace').stdout
    got, msg = (None, out.strip()) if out.startswith('ERROR') else (ours(json.loads(out)), None)
    if (want is None) != (got is None) or want != got:
        differ += 1
        print(f'DIFFERENT {path}: tomllib: {why or "accepted"}; retort: {msg or "accepted"}')
    else:
        same += 1
print(f'{len(files)} files: {same} read the same by tomllib and retort, {differ} differently')
sys.exit(1 if differ else 0)
PY
