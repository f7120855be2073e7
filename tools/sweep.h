/*
 * sweep.h - design-space sweeps for the memsim CLI (sweep.c, sweep_spec.c, curve.c).
 *
 * A sweep is a base set of `memsim run` settings plus axes (a list of values
 * per key); its points are the Cartesian product of the axes, except that the
 * axes of a zip group advance together. Every point is a `memsim run`
 * argument vector, so any point can be re-run by hand, and its identity (the
 * file name of its result) is a hash of that vector plus what the files it
 * names contain, so a re-run skips points already done with the same inputs.
 *
 * A sweep directory holds:
 *   plan.tsv           the points: index, id, axis values, run arguments
 *   points/ID.row      one point's result: "key<TAB>value" lines (status, error, stats)
 *   points/ID.json     the point's full `memsim run --json` output
 *   results.csv/.jsonl the table, one row per point in point order
 *   sweep.sbatch       with --slurm: the job array that runs slices of the plan
 */
#ifndef MEMSIM_SWEEP_H
#define MEMSIM_SWEEP_H

#include <stddef.h>

#define SWEEP_MAX_AXES  32
#define SWEEP_MAX_STATS 64

typedef struct sweep_axis {
    char *key;     /* as written: "preset", "load", "controller.scheduler" */
    char **values; /* "" = leave the setting out at this point */
    size_t n;
    int zip; /* zip group (0 = none): axes of one group advance together */
} sweep_axis;

typedef struct sweep_point {
    size_t index;
    char id[17];   /* 16 hex digits */
    char **values; /* one per axis, borrowed from the axes */
    char **argv;   /* "run" and its options, owned */
    int argc;
} sweep_point;

typedef struct sweep {
    char *dir_of_spec; /* relative paths in the spec are resolved against it */
    char **base_keys, **base_values;
    size_t n_base;
    sweep_axis axes[SWEEP_MAX_AXES];
    size_t n_axes;
    char *stats[SWEEP_MAX_STATS];
    size_t n_stats;
    sweep_point *points;
    size_t n_points;
} sweep;

/* A row of the result table: one string per column ("" = no value). */
typedef struct sweep_table {
    char **cols;
    size_t n_cols;
    char ***rows;
    size_t n_rows;
    size_t failed; /* rows whose status is not "ok" */
} sweep_table;

/* ---- sweep_spec.c ---- */
/* strdup that exits with "memsim: out of memory" (status 2) when it cannot. */
char *sweep_strdup(const char *s);
sweep *sweep_new(void);
void sweep_free(sweep *sw);
/* Reads a sweep file. @return 0, or 2 after printing one line naming the
 * file, line and what was expected. */
int sweep_load_yaml(const char *path, sweep **out);
/* Adds a base setting or an axis (values copied). @return 0 or 2 (message printed). */
int sweep_add_base(sweep *sw, const char *key, const char *value);
int sweep_add_axis(sweep *sw, const char *key, const char *const *values, size_t n, int zip);
int sweep_add_stat(sweep *sw, const char *stat);
/* Checks that @p key is a run option or a configuration key; @p where
 * prefixes the message. @return 0 or 2 (message printed). */
int sweep_check_key(const char *key, const char *where);
/* Checks keys and stats and builds the points. @return 0 or 2 (message printed). */
int sweep_expand(sweep *sw, const char *what);
/* Writes DIR/plan.tsv (atomically). @return 0 or 2. */
int sweep_write_plan(const sweep *sw, const char *dir);
/* Reads DIR/plan.tsv back into a sweep with points. @return 0 or 2. */
int sweep_read_plan(const char *dir, sweep **out);

/* ---- sweep.c ---- */
/* Runs the points not yet done (those with index % tasks == task) with up to
 * `jobs` worker processes. @return 0, or 130 when interrupted. */
int sweep_run_points(const sweep *sw, const char *dir, int jobs, size_t task, size_t tasks,
                     int quiet);
/* Builds the table from the plan and the point results. @return 0 or 2. */
int sweep_collect_table(const sweep *sw, const char *dir, sweep_table *t);
void sweep_table_free(sweep_table *t);
/* @return the column index of @p name, or -1. */
int sweep_table_col(const sweep_table *t, const char *name);
/* Creates DIR and DIR/points. @return 0 or 2. */
int sweep_make_dirs(const char *dir);
/* Removes what a sweep wrote in DIR (its points' files, plan, results), then
 * DIR/points and DIR if they are empty. */
void sweep_remove_dir(const sweep *sw, const char *dir);

#endif
