/* ts_json.h - JSON string output (RFC 8259).
 *
 * Output is always valid UTF-8: an ill-formed unit in the input becomes
 * \ufffd.  U+2028/2029 and DEL are escaped too, so the JSON is also valid
 * JavaScript. */
#ifndef TS_JSON_H
#define TS_JSON_H

#include <stddef.h>
#include <stdint.h>

#include "ts_writer.h"

/* Write p[0..len) as a quoted JSON string.  0 or TS_EIO. */
int	ts_json_string(ts_writer *w, const uint8_t *p, size_t len);

#endif
