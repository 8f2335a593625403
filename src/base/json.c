/* SPDX-License-Identifier: MIT */
/*
 * rt_json implementation: jansson-compatible indentation and escapes.
 *
 * Written for speed: `inspect --json` of 1,000 tables is 345,000 members
 * (10 MB), written after the last result of a live load, so every
 * instruction of a member is on the wall time. A member reserves room for
 * its separator, indentation, key and value once, then stores them with
 * no further checks; a key or value of up to 16 bytes is copied and
 * checked for escapes a word at a time (two overlapping loads, whatever
 * its length); null, true and false are stored whole.
 */
#include "base/common.h"
#include "base/json.h"

void rt_json_init(rt_json *w, rt_buf *out)
{
	memset(w, 0, sizeof(*w));
	w->out = out;
	w->first[0] = true;
}

void rt_json_init_file(rt_json *w, rt_buf *out, FILE *f)
{
	rt_json_init(w, out);
	w->sink = f;
}

void rt_json_flush(rt_json *w)
{
	if (!w->sink || !w->out->len)
		return;
	/* a failure sets f's error flag, which the caller reports */
	(void)fwrite(w->out->data, 1, w->out->len, w->sink);
	rt_buf_reset(w->out);
}

/* The bytes a JSON string cannot hold as they are. */
static const bool needs_escape[256] = {
    [0x00] = 1, [0x01] = 1, [0x02] = 1, [0x03] = 1, [0x04] = 1, [0x05] = 1,
    [0x06] = 1, [0x07] = 1, [0x08] = 1, [0x09] = 1, [0x0a] = 1, [0x0b] = 1,
    [0x0c] = 1, [0x0d] = 1, [0x0e] = 1, [0x0f] = 1, [0x10] = 1, [0x11] = 1,
    [0x12] = 1, [0x13] = 1, [0x14] = 1, [0x15] = 1, [0x16] = 1, [0x17] = 1,
    [0x18] = 1, [0x19] = 1, [0x1a] = 1, [0x1b] = 1, [0x1c] = 1, [0x1d] = 1,
    [0x1e] = 1, [0x1f] = 1, ['"'] = 1,	['\\'] = 1,
};

/* The newline and the indentation of the current level. */
static const char pad[1 + 2 * RT_JSON_MAX_DEPTH + 1] =
    "\n                                "
    "                                ";

/*
 * Whether a byte of x needs an escape: one below 0x20, '"' or '\'. Each
 * term is the classic "has a byte less than n" test ((x - n) & ~x & high,
 * exact as a whole for n <= 128; equality is "less than 1" of x ^ c), so
 * their union is exact as a whole too (not per byte: a borrow can mark the
 * byte after a hit, which does not matter here).
 */
#define ONES64 0x0101010101010101ULL
#define ONES32 0x01010101U
static inline uint64_t esc64(uint64_t x)
{
	uint64_t q = x ^ (ONES64 * '"'), s = x ^ (ONES64 * '\\');
	return (((x - ONES64 * 0x20) & ~x) | ((q - ONES64) & ~q) |
		((s - ONES64) & ~s)) &
	       (ONES64 * 0x80);
}

static inline uint32_t esc32(uint32_t x)
{
	uint32_t q = x ^ (ONES32 * '"'), s = x ^ (ONES32 * '\\');
	return (((x - ONES32 * 0x20) & ~x) | ((q - ONES32) & ~q) |
		((s - ONES32) & ~s)) &
	       (ONES32 * 0x80);
}

static inline uint64_t load64(const char *p)
{
	uint64_t x;
	memcpy(&x, p, 8);
	return x;
}

static inline uint32_t load32(const char *p)
{
	uint32_t x;
	memcpy(&x, p, 4);
	return x;
}

/*
 * Copies the n bytes at s to d (room for them): true when none of them
 * needs an escape (else the caller writes them again, escaped). Reads
 * only s[0..n).
 */
static inline __attribute__((always_inline)) bool
copy_plain(char *d, const char *s, size_t n)
{
	if (n >= 8) {
		if (n <= 16) {
			uint64_t a = load64(s), z = load64(s + n - 8);
			memcpy(d, &a, 8);
			memcpy(d + n - 8, &z, 8);
			return !(esc64(a) | esc64(z));
		}
		memcpy(d, s, n);
		for (size_t i = 0; i + 8 < n; i += 8)
			if (esc64(load64(s + i)))
				return false;
		return !esc64(load64(s + n - 8));
	}
	if (n >= 4) {
		uint32_t a = load32(s), z = load32(s + n - 4);
		memcpy(d, &a, 4);
		memcpy(d + n - 4, &z, 4);
		return !(esc32(a) | esc32(z));
	}
	bool bad = false;
	for (size_t i = 0; i < n; i++) {
		bad |= needs_escape[(unsigned char)s[i]];
		d[i] = s[i];
	}
	return !bad;
}

/* The n bytes at s, escaped, character by character. */
static void quoted_slow(rt_buf *b, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s,
			    *end = (const unsigned char *)s + n;

	while (p < end) {
		/* the run of characters that need no escape, in one copy */
		size_t run = 0;
		while (p + run < end && !needs_escape[p[run]])
			run++;
		if (run) {
			rt_buf_add(b, (const char *)p, run);
			p += run;
			continue;
		}
		switch (*p) {
		case '"':
			rt_buf_adds(b, "\\\"");
			break;
		case '\\':
			rt_buf_adds(b, "\\\\");
			break;
		case '\b':
			rt_buf_adds(b, "\\b");
			break;
		case '\f':
			rt_buf_adds(b, "\\f");
			break;
		case '\n':
			rt_buf_adds(b, "\\n");
			break;
		case '\r':
			rt_buf_adds(b, "\\r");
			break;
		case '\t':
			rt_buf_adds(b, "\\t");
			break;
		default:
			rt_buf_addf(b, "\\u%04X", *p);
		}
		p++;
	}
}

/*
 * put_str for a string that needs escapes: written through the buffer's
 * own calls, then room for `then` bytes after it is made again.
 */
static __attribute__((noinline)) char *
put_escaped(rt_buf *b, char *d, const char *s, size_t n, size_t then)
{
	b->len = (size_t)(d - b->data);
	rt_buf_addch(b, '"');
	quoted_slow(b, s, n);
	rt_buf_addch(b, '"');
	rt_buf_grow(b, then);
	return b->data + b->len;
}

/* Writes the string s (n bytes) in quotes at d, a position in b with
 * room for n + 2 bytes, and returns the position after it. */
static inline __attribute__((always_inline)) char *
put_str(rt_buf *b, char *d, const char *s, size_t n, size_t then)
{
	*d = '"';
	if (__builtin_expect(copy_plain(d + 1, s, n), 1)) {
		d[1 + n] = '"';
		return d + n + 2;
	}
	return put_escaped(b, d, s, n, then);
}

/*
 * The separator, indentation and key before a value at the current
 * level, with room for `room` bytes of value after them: returns where
 * the value goes (the caller ends the member with done()).
 */
static inline __attribute__((always_inline)) char *
member(rt_json *w, const char *key, size_t klen, size_t room)
{
	rt_buf *b = w->out;
	int depth = w->depth;
	/* a comma, the whole pad (copied at its constant size, of which
	 * 1 + 2 * depth bytes are kept), the key in quotes and ": " */
	size_t need = 1 + sizeof(pad) + klen + 4 + room;
	char *d;

	/* depth stays in range (open); a key exactly inside objects */
	RT_ASSERT((key != NULL) == w->is_obj[depth]);
	if (b->len + need + 1 > b->alloc)
		rt_buf_grow(b, need);
	d = b->data + b->len;
	if (depth > 0) {
		if (!w->first[depth])
			*d++ = ',';
		memcpy(d, pad, sizeof(pad) - 1);
		d += 1 + 2 * (size_t)depth;
	}
	w->first[depth] = false;
	if (key) {
		d = put_str(b, d, key, klen, 2 + room);
		*d++ = ':';
		*d++ = ' ';
	}
	return d;
}

/* Ends a member at d. */
static inline void done(rt_buf *b, char *d)
{
	*d = '\0';
	b->len = (size_t)(d - b->data);
}

static void open(rt_json *w, const char *key, size_t klen, bool obj)
{
	char *d = member(w, key, klen, 1);
	*d++ = obj ? '{' : '[';
	done(w->out, d);
	RT_ASSERT(w->depth + 1 < RT_JSON_MAX_DEPTH);
	w->depth++;
	w->first[w->depth] = true;
	w->is_obj[w->depth] = obj;
}

void rt_json__object(rt_json *w, const char *key, size_t klen)
{
	open(w, key, klen, true);
}

void rt_json__array(rt_json *w, const char *key, size_t klen)
{
	open(w, key, klen, false);
}

void rt_json_end(rt_json *w)
{
	rt_buf *b = w->out;
	bool obj = w->is_obj[w->depth], empty = w->first[w->depth];
	char *d;

	RT_ASSERT(w->depth > 0);
	w->depth--;
	if (b->len + sizeof(pad) + 2 > b->alloc)
		rt_buf_grow(b, sizeof(pad) + 1);
	d = b->data + b->len;
	if (!empty) {
		memcpy(d, pad, sizeof(pad) - 1);
		d += 1 + 2 * (size_t)w->depth;
	}
	*d++ = obj ? '}' : ']';
	done(b, d);
	if (w->sink && b->len >= RT_JSON_CHUNK)
		rt_json_flush(w);
}

void rt_json__str(rt_json *w, const char *key, size_t klen, const char *value)
{
	size_t n = value ? strlen(value) : 2;
	char *d = member(w, key, klen, n + 2);

	if (value) {
		d = put_str(w->out, d, value, n, 0);
	} else {
		memcpy(d, "null", 4);
		d += 4;
	}
	done(w->out, d);
}

void rt_json__int(rt_json *w, const char *key, size_t klen, int64_t value)
{
	/* what "%lld" prints, without printf */
	char digits[24], *p = digits + sizeof(digits);
	uint64_t u = value < 0 ? 0 - (uint64_t)value : (uint64_t)value;
	char *d;
	size_t n;

	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (value < 0)
		*--p = '-';
	n = (size_t)(digits + sizeof(digits) - p);
	d = member(w, key, klen, n);
	memcpy(d, p, n);
	done(w->out, d + n);
}

void rt_json__bool(rt_json *w, const char *key, size_t klen, bool value)
{
	char *d = member(w, key, klen, 5);

	/* both stored at their 5 bytes ("true" with its NUL) */
	memcpy(d, value ? "true" : "false", 5);
	done(w->out, d + (value ? 4 : 5));
}

void rt_json__null(rt_json *w, const char *key, size_t klen)
{
	char *d = member(w, key, klen, 4);

	memcpy(d, "null", 4);
	done(w->out, d + 4);
}

void rt_json__double(rt_json *w, const char *key, size_t klen, double value)
{
	char *d = member(w, key, klen, 0);

	done(w->out, d);
	rt_buf_addf(w->out, "%.17g", value);
}
