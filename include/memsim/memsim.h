/*
 * memsim.h - the public API of libmemsim, a cycle-accurate DRAM simulator.
 *
 * The header is the manual. Objects are opaque and created/freed in pairs;
 * every *_free() accepts NULL. Functions return a memsim_status; the detail
 * of an error ("cfg.yaml:12: unknown key 'tRCDD'") is kept on the object and
 * read with the matching *_error() function. The library never exits,
 * aborts or prints on bad input, keeps no global state, and is deterministic:
 * the same configuration, seed and input give the same results.
 *
 * Typical embedding (gem5, ChampSim, an accelerator model):
 *
 *     memsim_config *cfg = memsim_config_create();
 *     memsim_config_set(cfg, "preset", "DDR5-4800");
 *     memsim_sim *sim;
 *     if (memsim_sim_create(cfg, &sim) != MEMSIM_OK) ... memsim_config_error(cfg)
 *     memsim_sim_set_callback(sim, on_done, ctx);
 *     each memory clock: if (memsim_sim_can_accept(sim, a, w)) memsim_sim_send(sim, a, w, id);
 *                        memsim_sim_tick(sim);
 *
 * Time is counted in memory command-clock cycles (tCK of the configured
 * preset); memsim_sim_tck_ps() converts.
 */
#ifndef MEMSIM_MEMSIM_H
#define MEMSIM_MEMSIM_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MEMSIM_VERSION_MAJOR  0
#define MEMSIM_VERSION_MINOR  1
#define MEMSIM_VERSION_PATCH  0
#define MEMSIM_VERSION_STRING "0.1.0"

/* Status codes. ORDER STATUS: keep in step with the table in src/util/status.c. */
typedef enum memsim_status {
    MEMSIM_OK = 0,
    MEMSIM_END,           /* a request source has no more requests */
    MEMSIM_E_INVALID,     /* bad argument, key, value or preset */
    MEMSIM_E_PARSE,       /* malformed input file (trace, YAML, command trace) */
    MEMSIM_E_IO,          /* a file could not be opened, read or written */
    MEMSIM_E_NOMEM,       /* an allocation failed */
    MEMSIM_E_FULL,        /* the controller queue for this address is full */
    MEMSIM_E_STALL,       /* requests are queued but no command can ever issue */
    MEMSIM_E_INTERRUPTED, /* a run was stopped by its progress callback */
    MEMSIM_STATUS_COUNT
} memsim_status;

/** @return a short static name for a status ("E_INVALID"). */
const char *memsim_status_name(memsim_status s);

/** @return the library version string, e.g. "0.1.0". */
const char *memsim_version(void);

/* ------------------------------------------------------------------ */
/* Configuration                                                       */
/* ------------------------------------------------------------------ */

/* A configuration is a preset name plus validated key/value overrides.
 * Keys are dotted paths ("controller.scheduler"); `memsim_config_key_count`
 * and `memsim_config_key_info` enumerate them with their documentation.
 * Unknown keys and out-of-range values are rejected when set; missing or
 * inconsistent timings are rejected by memsim_sim_create(). */
typedef struct memsim_config memsim_config;

/** @return a new configuration with no preset chosen, or NULL when out of memory. */
memsim_config *memsim_config_create(void);

/** Frees @p cfg. Accepts NULL. */
void memsim_config_free(memsim_config *cfg);

/** @return a deep copy of @p cfg, or NULL when out of memory. */
memsim_config *memsim_config_clone(const memsim_config *cfg);

/**
 * Sets one key. @p origin names where the value came from for error
 * messages ("cfg.yaml:12", "-s"); it may be NULL.
 * @return MEMSIM_OK, or MEMSIM_E_INVALID with the reason in memsim_config_error().
 */
memsim_status memsim_config_set(memsim_config *cfg, const char *key, const char *value,
                                const char *origin);

/** Loads a YAML file of nested maps whose leaves are keys (see docs/config.md).
 * @return MEMSIM_OK, MEMSIM_E_IO, MEMSIM_E_PARSE or MEMSIM_E_INVALID. */
memsim_status memsim_config_load_yaml(memsim_config *cfg, const char *path);

/** @return the value set for @p key, or NULL when it is unset. */
const char *memsim_config_get(const memsim_config *cfg, const char *key);

/** @return the last error message on @p cfg ("" if none). */
const char *memsim_config_error(const memsim_config *cfg);

/** Describes one configuration key. */
typedef struct memsim_key_info {
    const char *key;   /* "controller.scheduler" */
    const char *type;  /* "int", "enum", "bool", "string", "float" */
    const char *range; /* "1..4096", "frfcfs|fcfs", ... */
    const char *doc;   /* one-line description */
} memsim_key_info;

/** @return the number of configuration keys. */
size_t memsim_config_key_count(void);
/** @return the description of key @p i (0 <= i < count), or NULL. */
const memsim_key_info *memsim_config_key_info(size_t i);

/* ------------------------------------------------------------------ */
/* Presets                                                             */
/* ------------------------------------------------------------------ */

/** Key figures of one speed preset, for listings. */
typedef struct memsim_preset_info {
    const char *name;        /* "DDR5-4800" (the A bin), "DDR5-4800B", "HBM3-6400" */
    const char *standard;    /* "DDR5" */
    const char *default_org; /* "16Gb_x8" */
    unsigned rate_mts;       /* data rate per pin, MT/s */
    unsigned tck_ps;         /* command clock period, rounded to ps */
    unsigned cl, trcd, trp;  /* in clocks */
    double peak_gbps;        /* one channel (all its pseudo-channels), decimal GB/s */
    unsigned channel_bits;   /* data width of one channel */
} memsim_preset_info;

/** @return the number of speed presets across all standards. */
size_t memsim_preset_count(void);
/** Fills @p out for preset @p i. @return MEMSIM_OK or MEMSIM_E_INVALID. */
memsim_status memsim_preset_get(size_t i, memsim_preset_info *out);

/** A chip preset: an accelerator's HBM device ("trn2", "h100"), usable as a preset name. */
typedef struct memsim_chip_info {
    const char *name;     /* "trn2" */
    const char *standard; /* "HBM3" */
    const char *org;      /* die: "16Gb" */
    const char *note;     /* what is published and what is inferred, with sources */
    unsigned rate_mts;    /* per-pin data rate */
    unsigned stacks, stack_height, channels;
    uint64_t capacity_bytes;
    double peak_gbps; /* the whole device, decimal GB/s */
} memsim_chip_info;

/** @return the number of chip presets. */
size_t memsim_chip_count(void);
/** Fills @p out for chip preset @p i. @return MEMSIM_OK or MEMSIM_E_INVALID. */
memsim_status memsim_chip_get(size_t i, memsim_chip_info *out);

/** Organisation presets of a standard ("8Gb_x8"): @return count for @p standard. */
size_t memsim_org_count(const char *standard);
/** @return the name of organisation @p i of @p standard, or NULL. Writes a one-line
 *  description (banks, rows, page) into @p desc if non-NULL. */
const char *memsim_org_get(const char *standard, size_t i, char *desc, size_t desc_len);

/* ------------------------------------------------------------------ */
/* Simulator                                                           */
/* ------------------------------------------------------------------ */

typedef struct memsim_sim memsim_sim;

/** Called when a request's last data beat has transferred.
 *  @p id is the value given to memsim_sim_send(); @p cycle the completion cycle. */
typedef void (*memsim_done_fn)(void *ctx, uint64_t id, int is_write, uint64_t cycle);

/**
 * Creates a simulator from @p cfg (which is copied; it may be freed afterwards).
 * @return MEMSIM_OK and *out, or an error with the message in memsim_config_error(cfg).
 */
memsim_status memsim_sim_create(memsim_config *cfg, memsim_sim **out);

/** Frees @p sim (closing any command trace it writes). Accepts NULL. */
void memsim_sim_free(memsim_sim *sim);

/** @return the last error message on @p sim ("" if none). */
const char *memsim_sim_error(const memsim_sim *sim);

/** Sets the completion callback (may be NULL). */
void memsim_sim_set_callback(memsim_sim *sim, memsim_done_fn fn, void *ctx);

/**
 * Writes the command trace (CSV, see docs/cmd-trace.md) to @p fp as commands
 * issue. The header is written at once. @p fp stays owned by the caller.
 */
memsim_status memsim_sim_set_cmd_trace(memsim_sim *sim, FILE *fp);

/** @return nonzero if a request to @p addr can be queued this cycle. */
int memsim_sim_can_accept(const memsim_sim *sim, uint64_t addr, int is_write);

/**
 * Queues a 64-byte (one burst) request arriving now.
 * @return MEMSIM_OK, MEMSIM_E_FULL if the queue is full, MEMSIM_E_INVALID if
 * @p addr is beyond the capacity.
 */
memsim_status memsim_sim_send(memsim_sim *sim, uint64_t addr, int is_write, uint64_t id);

/** Queues a request that arrived at an earlier cycle @p arrival (<= now), so that
 *  its latency counts from @p arrival. Otherwise as memsim_sim_send(). */
memsim_status memsim_sim_send_at(memsim_sim *sim, uint64_t addr, int is_write, uint64_t id,
                                 uint64_t arrival);

/** Simulates one memory clock. */
void memsim_sim_tick(memsim_sim *sim);

/** @return the earliest cycle >= now at which anything can change (a command can
 *  issue, a refresh falls due, a request completes); UINT64_MAX when idle forever.
 *  Ticking the cycles before it changes nothing. */
uint64_t memsim_sim_next_event(const memsim_sim *sim);

/** Advances to @p cycle (> now) without ticking the cycles in between. Only valid
 *  when @p cycle <= memsim_sim_next_event(); otherwise returns MEMSIM_E_INVALID. */
memsim_status memsim_sim_skip_to(memsim_sim *sim, uint64_t cycle);

/** @return the current cycle (the next one memsim_sim_tick() simulates). */
uint64_t memsim_sim_cycle(const memsim_sim *sim);

/** @return the clock period in picoseconds (exact: 2e6 / data rate). */
double memsim_sim_tck_ps(const memsim_sim *sim);

/** @return the number of requests queued or in flight (not yet complete). */
uint64_t memsim_sim_pending(const memsim_sim *sim);

/** @return the addressable capacity in bytes. */
uint64_t memsim_sim_capacity(const memsim_sim *sim);

/** @return the number of channels. */
unsigned memsim_sim_channels(const memsim_sim *sim);

/** Writes the statistics as JSON (docs/statistics.md). */
memsim_status memsim_sim_write_json(const memsim_sim *sim, FILE *fp);

/** Writes the human summary. */
memsim_status memsim_sim_write_summary(const memsim_sim *sim, FILE *fp);

/** Reads one statistic of channel @p ch (or of the total when ch < 0) by its JSON
 *  key: "requests", "bytes", "bandwidth_gbps", "read_latency_ns.mean", "row_hits",
 *  "commands.ACT", ... @return MEMSIM_OK or MEMSIM_E_INVALID for an unknown key. */
memsim_status memsim_sim_stat(const memsim_sim *sim, int ch, const char *key, double *out);

/* ------------------------------------------------------------------ */
/* Request sources and whole runs                                      */
/* ------------------------------------------------------------------ */

/* A request source yields requests in arrival order: trace readers (streamed,
 * constant memory) and synthetic generators. */
typedef struct memsim_source memsim_source;

/** Arrival value meaning "as soon as the controller accepts it". */
#define MEMSIM_ASAP UINT64_MAX

typedef struct memsim_request {
    uint64_t arrival; /* memory cycle, or MEMSIM_ASAP */
    uint64_t addr;    /* byte address */
    uint32_t bytes;   /* request size; split into 64-byte bursts */
    uint8_t is_write;
} memsim_request;

/** Trace formats. ORDER TRACEFMT: keep in step with src/frontend/trace.c. */
typedef enum memsim_trace_format {
    MEMSIM_TRACE_AUTO = 0,
    MEMSIM_TRACE_MEMSIM,    /* "<arrival_cycle> R|W <hex_addr> [bytes]" */
    MEMSIM_TRACE_RAMULATOR, /* "LD 0x1f40" / "ST 0x1f40" */
    MEMSIM_TRACE_DRAMSIM3,  /* "0x1f40 READ 120" */
    MEMSIM_TRACE_DRAMSYS    /* "120:\tread\t0x1f40" */
} memsim_trace_format;

/** @return the format named @p name ("memsim", "ramulator", "dramsim3",
 *  "dramsys", "auto"), or -1. */
int memsim_trace_format_from_name(const char *name);

/**
 * Opens a trace file for streaming ("-" is stdin). With MEMSIM_TRACE_AUTO the
 * format is detected from the first request line.
 * @return MEMSIM_OK, MEMSIM_E_IO or MEMSIM_E_PARSE; on error *out is NULL and
 * @p err (if non-NULL) receives the message.
 */
memsim_status memsim_source_open_trace(const char *path, memsim_trace_format fmt,
                                       memsim_source **out, char *err, size_t err_len);

typedef enum memsim_pattern {
    MEMSIM_PATTERN_RANDOM = 0,
    MEMSIM_PATTERN_STREAM,
    MEMSIM_PATTERN_STRIDED
} memsim_pattern;

typedef struct memsim_synth_params {
    memsim_pattern pattern;
    uint64_t requests;  /* how many */
    double read_ratio;  /* 0..1 */
    uint64_t interval;  /* cycles between arrivals; 0 = as fast as accepted */
    uint64_t stride;    /* bytes, for STRIDED */
    uint64_t base;      /* first address */
    uint64_t footprint; /* bytes the addresses cover (0 = capacity of the sim) */
    uint64_t seed;
    uint32_t bytes;   /* request size, default 64 */
    double rate_gbps; /* offered load, decimal GB/s: request i arrives at cycle
                         floor(i x bytes / rate / tCK); 0 = use interval. A whole-cycle
                         interval cannot express tens of GB/s; this can. */
} memsim_synth_params;

/** Fills @p p with defaults: random, 100000 requests, reads only, ASAP, seed 1. */
void memsim_synth_defaults(memsim_synth_params *p);

/** Creates a synthetic generator. @return MEMSIM_OK or MEMSIM_E_INVALID/E_NOMEM. */
memsim_status memsim_source_synthetic(const memsim_synth_params *p, memsim_source **out, char *err,
                                      size_t err_len);

/** Reads the next request. @return MEMSIM_OK, MEMSIM_END, or MEMSIM_E_PARSE /
 *  MEMSIM_E_IO with the message in memsim_source_error(). */
memsim_status memsim_source_next(memsim_source *src, memsim_request *out);

/** @return the last error message ("" if none). */
const char *memsim_source_error(const memsim_source *src);

/** @return the detected or forced trace format (MEMSIM_TRACE_AUTO for synthetic). */
memsim_trace_format memsim_source_format(const memsim_source *src);

/** Frees @p src. Accepts NULL. */
void memsim_source_free(memsim_source *src);

/** Called by memsim_sim_run() about every million requests; return nonzero to stop. */
typedef int (*memsim_progress_fn)(void *ctx, uint64_t done, uint64_t cycle);

typedef struct memsim_run_options {
    uint64_t outstanding; /* cap on requests in flight; 0 = none */
    int step;             /* nonzero: tick every cycle (no skip-ahead) */
    memsim_progress_fn progress;
    void *progress_ctx;
} memsim_run_options;

/**
 * Feeds every request of @p src into @p sim in arrival order (requests larger
 * than one burst are split), then runs until all have completed.
 * @return MEMSIM_OK, a source error, MEMSIM_E_STALL, or MEMSIM_E_INTERRUPTED;
 * messages in memsim_sim_error().
 */
memsim_status memsim_sim_run(memsim_sim *sim, memsim_source *src, const memsim_run_options *opt);

#ifdef __cplusplus
}
#endif
#endif /* MEMSIM_MEMSIM_H */
