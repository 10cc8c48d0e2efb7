/* ts_err.c - messages for TS_E* codes. */
#include <errno.h>
#include <string.h>

#include "ts_err.h"

const char *
ts_errmsg(int code)
{
	switch (code) {
	case TS_OK:	return "success";
	case TS_ENOMEM:	return "out of memory";
	case TS_EIO:	return strerror(errno);
	case TS_EINVAL:	return "invalid argument";
	case TS_EUTF8:	return "invalid UTF-8";
	case TS_ERANGE:	return "value out of range";
	case TS_EFULL:	return "memory limit reached";
	default:	return "unknown error";
	}
}
