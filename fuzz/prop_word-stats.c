/* prop_word-stats - word-stats' own properties for tool_main.c.
 *
 * For now only the generic properties of tool_main.c apply (no crash,
 * status, messages, chunking invariance, re-entrancy: a word-stats that
 * orders equal counts by a randomly seeded hash fails the latter).
 *
 * TODO(lead, after merging word-stats): add its option sets (every
 * --format, case folding, top-N, -z) and in tool_prop():
 *  - with the token listing mode: tokens concatenated with the non-word
 *    gaps give back the input byte for byte;
 *  - the total word count equals the sum of the per-word counts, and
 *    does not change when the input's records are permuted;
 *  - jsonl/json output is valid JSON (reuse fuzz_json.c's parser);
 *  - an input with no letters or digits counts zero words. */
#include "tool_main.h"

const char tool_name[] = "word-stats";

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
