/* ts_json.c - JSON string escaping with an ASCII fast path. */
#include "ts_json.h"
#include "ts_utf8.h"

/* 1 for ASCII bytes that need an escape. */
static const uint8_t needs_escape[128] = {
	1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1, 1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
	0,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0, 0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
	0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0, 0,0,0,0,0,0,0,0,0,0,0,0,1,0,0,0,
	0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0, 0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1,
};

static int
escape_ascii(ts_writer *w, uint8_t c)
{
	static const char hex[] = "0123456789abcdef";
	char u[6] = { '\\', 'u', '0', '0', 0, 0 };

	switch (c) {
	case '"':	return ts_write(w, "\\\"", 2);
	case '\\':	return ts_write(w, "\\\\", 2);
	case '\b':	return ts_write(w, "\\b", 2);
	case '\f':	return ts_write(w, "\\f", 2);
	case '\n':	return ts_write(w, "\\n", 2);
	case '\r':	return ts_write(w, "\\r", 2);
	case '\t':	return ts_write(w, "\\t", 2);
	}
	u[4] = hex[c >> 4], u[5] = hex[c & 0xF];
	return ts_write(w, u, 6);
}

int
ts_json_string(ts_writer *w, const uint8_t *p, size_t len)
{
	const uint8_t *end = p + len, *run;
	int32_t cp;
	size_t n;
	int rc = ts_putc(w, '"');

	while (rc == 0 && p < end) {
		for (run = p; p < end && *p < 0x80 && !needs_escape[*p]; p++)
			;
		if (p > run && (rc = ts_write(w, run, (size_t)(p - run))) != 0)
			break;
		if (p == end)
			break;
		if (*p < 0x80) {
			rc = escape_ascii(w, *p++);
			continue;
		}
		n = ts_next(p, end, &cp);
		if (cp == TS_INVALID)
			rc = ts_write(w, "\\ufffd", 6);
		else if (cp == 0x2028 || cp == 0x2029)
			rc = ts_write(w, cp == 0x2028 ? "\\u2028" : "\\u2029", 6);
		else
			rc = ts_write(w, p, n);
		p += n;
	}
	return rc ? rc : ts_putc(w, '"');
}
