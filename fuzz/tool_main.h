/* tool_main.h - the generic harness for a tool's main loop.
 *
 * The Makefile compiles src/<tool>.c with -Dmain=tool_main (and exit,
 * err, errx, ... renamed so a tool that exits comes back here), links it
 * with tool_main.c and fuzz/prop_<tool>.c.  Each fuzz input is
 *
 *	byte 0		which option set (tool_optsets[byte % count])
 *	byte 1		seed of the chunk sizes of the second run
 *	bytes 2..	standard input
 *
 * The tool runs twice in-process: stdin a memory file, then stdin a
 * socket fed in random-size writes by a thread.  tool_main.c checks the
 * properties every tool must have (see there); prop_<tool>.c adds the
 * tool's own in tool_prop(). */
#ifndef TOOL_MAIN_H
#define TOOL_MAIN_H

#include "fuzz.h"

#define TOOL_MAXARGS 8

struct tool_optset {
	const char	*args[TOOL_MAXARGS];	/* NULL-terminated */
	unsigned	 flags;
};

/* tool_optset.flags */
#define OPT_QUIET_FAIL	0x01	/* exit 1 without a message is fine (predicates) */
#define OPT_MAY_WARN	0x02	/* messages with exit 0 are fine */

struct tool_run {
	const struct tool_optset *opts;
	const uint8_t	*in;		/* standard input */
	size_t		 inlen;
	int		 status;	/* main's return or exit's status */
	int		 exited;	/* it called exit()/err() */
	uint8_t		*out;		/* standard output */
	size_t		 outlen;
	char		*err;		/* standard error */
	size_t		 errlen;
};

/* Supplied by fuzz/prop_<tool>.c. */
extern const char		 tool_name[];
extern const struct tool_optset	 tool_optsets[];
extern const size_t		 tool_noptsets;
void	tool_prop(const struct tool_run *r);

/* Helpers for the properties.  tool_run_input runs the tool once more
 * (stdin a memory file), e.g. on its own output for idempotence. */
void	tool_run_input(const struct tool_optset *o, const uint8_t *in,
	    size_t len, struct tool_run *r);
void	tool_run_free(struct tool_run *r);
int	tool_has_arg(const struct tool_run *r, const char *arg);
/* Split buf into records ending in delim (the last may lack it). */
size_t	tool_records(const uint8_t *p, size_t len, uint8_t delim,
	    const uint8_t **rec, size_t *reclen, size_t max);

#endif
