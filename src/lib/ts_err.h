/* ts_err.h - error codes shared by every core module.
 *
 * Core functions return a count (>= 0) or a negative TS_E* code; the
 * tool decides what to print.  TS_EIO leaves the cause in errno. */
#ifndef TS_ERR_H
#define TS_ERR_H

enum {
	TS_OK = 0,
	TS_ENOMEM = -1,	/* allocation failed */
	TS_EIO = -2,	/* read or write failed; errno says why */
	TS_EINVAL = -3,	/* bad argument */
	TS_EUTF8 = -4,	/* ill-formed UTF-8 where valid text was required */
	TS_ERANGE = -5,	/* number or size out of range */
	TS_EFULL = -6	/* a memory bound set by the user was reached */
};

/* A short lower-case message for a TS_E* code, like utf8proc_errmsg(). */
const char *ts_errmsg(int code);

#endif
