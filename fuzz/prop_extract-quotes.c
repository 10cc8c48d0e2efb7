/* prop_extract-quotes - extract-quotes' own properties for tool_main.c.
 *
 * For now only the generic properties of tool_main.c apply (no crash,
 * status, messages, chunking invariance, re-entrancy).
 *
 * TODO(lead, after merging extract-quotes): add its option sets (every
 * --format, the quote-style options, -z) and in tool_prop(), for the
 * machine formats (parse the jsonl/tsv lines here):
 *  - every quote's byte offsets satisfy in[start:end] == text (after
 *    the format's unescaping), 0 <= start <= end <= inlen;
 *  - ranges nest or are disjoint (never overlap partially);
 *  - jsonl output is valid JSON per line (reuse fuzz_json.c's parser);
 *  - an input with no quotation mark at all gives no quotes. */
#include "tool_main.h"

const char tool_name[] = "extract-quotes";

const struct tool_optset tool_optsets[] = {
	{ { NULL }, 0 },
	{ { "-z", NULL }, 0 },
	{ { "--null", NULL }, 0 },
	{ { "-", NULL }, 0 },
	{ { "--", "-", NULL }, 0 },
};
const size_t tool_noptsets = sizeof tool_optsets / sizeof tool_optsets[0];

void
tool_prop(const struct tool_run *r)
{
	(void)r;
}
