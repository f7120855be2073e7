/*
 * config.h - internal access to the configuration store (config.c).
 */
#ifndef MEMSIM_CONFIG_H
#define MEMSIM_CONFIG_H

#include <stdint.h>

#include "memsim/memsim.h"
#include "standards/standard.h"
#include "util/quote.h"

/* ORDER KEY: indices into the key table of config.c. */
enum {
    MS_KEY_PRESET = 0,
    MS_KEY_ORG,
    MS_KEY_CHANNELS,
    MS_KEY_RANKS,
    MS_KEY_STACKS,
    MS_KEY_STACK_HEIGHT,
    MS_KEY_PCS,
    MS_KEY_MUX,
    MS_KEY_REF_ENABLED,
    MS_KEY_REF_MODE,
    MS_KEY_REF_POSTPONE,
    MS_KEY_RQ,
    MS_KEY_WQ,
    MS_KEY_SCHED,
    MS_KEY_AGE_CAP,
    MS_KEY_WR_HIGH,
    MS_KEY_WR_LOW,
    MS_KEY_PAGE,
    MS_KEY_PAGE_TIMEOUT,
    MS_KEY_MAP,
    MS_KEY_MAP_XOR,
    MS_KEY_EPOCH,
    MS_KEY_TIMING0 /* then one key per timing parameter, ORDER PARAM, then the power keys */
};

/* The first power.* key (ORDER POWER in config.c). */
#define MS_KEY_POWER0 (MS_KEY_TIMING0 + MS_T_COUNT)
enum { MS_POWER_KEYS = 18 };

int memsim__config_key_index(const char *key);
void memsim__config_errorf(memsim_config *cfg, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int memsim__parse_u64(const char *s, uint64_t *out);
/* Where key number `key` was set ("cfg.yaml:12", "-s"), or NULL if unset. */
const char *memsim__config_origin(const memsim_config *cfg, int key);
int memsim__parse_bool(const char *s, int *out);

/* memsim__quote() of a NUL-terminated string (util/quote.h). */
const char *memsim__config_quote(char *dst, const char *s);

#endif
