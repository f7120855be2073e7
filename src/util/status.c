/*
 * status.c - names of status codes and the version string.
 */
#include "memsim/memsim.h"

/* ORDER STATUS */
static const char *const names[MEMSIM_STATUS_COUNT] = {
    "OK", "END", "E_INVALID", "E_PARSE", "E_IO", "E_NOMEM", "E_FULL", "E_STALL", "E_INTERRUPTED",
};

const char *memsim_status_name(memsim_status s)
{
    return (unsigned)s < MEMSIM_STATUS_COUNT ? names[s] : "E_UNKNOWN";
}

const char *memsim_version(void)
{
    return MEMSIM_VERSION_STRING;
}
