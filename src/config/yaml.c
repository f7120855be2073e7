/*
 * yaml.c - loads a YAML configuration (libyaml's event parser).
 *
 * The file is a tree of mappings whose scalar leaves are configuration keys:
 *     preset: DDR5-4800
 *     controller:
 *       scheduler: fcfs
 * becomes "preset" and "controller.scheduler". Dotted keys may also be written
 * flat ("controller.scheduler: fcfs"). Sequences, aliases and non-scalar
 * leaves are errors; every error names "<file>:<line>".
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <yaml.h>

#include "config/config.h"

#define MAX_DEPTH 8
#define KEY_LEN   256

typedef struct loader {
    memsim_config *cfg;
    const char *path;
    char prefix[MAX_DEPTH][KEY_LEN];
    int depth;
    int documents; /* YAML documents begun */
    int in_root;   /* inside the root mapping of the document */
} loader;

static memsim_status set_leaf(loader *L, const char *key, const char *value, size_t line)
{
    char full[KEY_LEN * 2], origin[KEY_LEN + 32];
    if (L->depth > 0)
        snprintf(full, sizeof full, "%s.%s", L->prefix[L->depth - 1], key);
    else
        snprintf(full, sizeof full, "%s", key);
    snprintf(origin, sizeof origin, "%s:%zu", L->path, line);
    return memsim_config_set(L->cfg, full, value, origin);
}

static memsim_status walk(loader *L, yaml_parser_t *p)
{
    yaml_event_t ev;
    char key[KEY_LEN] = "";
    int have_key = 0;
    for (;;) {
        if (!yaml_parser_parse(p, &ev)) {
            memsim__config_errorf(L->cfg, "%s:%zu: %s", L->path, p->problem_mark.line + 1,
                                  p->problem ? p->problem : "YAML syntax error");
            return MEMSIM_E_PARSE;
        }
        size_t line = ev.start_mark.line + 1;
        memsim_status st = MEMSIM_OK;
        switch (ev.type) {
        case YAML_SCALAR_EVENT:
            /* A "\0" escape would silently cut the key or value short. */
            if (strlen((const char *)ev.data.scalar.value) != ev.data.scalar.length) {
                memsim__config_errorf(L->cfg, "%s:%zu: expected text, got a NUL byte", L->path,
                                      line);
                st = MEMSIM_E_PARSE;
                break;
            }
            if (!have_key) {
                snprintf(key, sizeof key, "%s", (const char *)ev.data.scalar.value);
                have_key = 1;
            } else {
                st = set_leaf(L, key, (const char *)ev.data.scalar.value, line);
                have_key = 0;
            }
            break;
        case YAML_MAPPING_START_EVENT:
            /* Only the root mapping and values open one: a mapping used as a key
             * ("? {preset: x}: y") used to end loading at its close, so that every
             * key after it went unread and unchecked (found by review while
             * writing fuzz/fuzz_config.c). */
            if (!have_key && L->depth == 0 && !L->in_root) {
                L->in_root = 1;
                break;
            }
            if (!have_key) {
                memsim__config_errorf(L->cfg,
                                      "%s:%zu: expected a key: value mapping, got a "
                                      "mapping as a key",
                                      L->path, line);
                st = MEMSIM_E_PARSE;
                break;
            }
            if (have_key) {
                if (L->depth + 1 >= MAX_DEPTH) {
                    memsim__config_errorf(L->cfg, "%s:%zu: nesting deeper than %d", L->path, line,
                                          MAX_DEPTH);
                    st = MEMSIM_E_PARSE;
                    break;
                }
                char joined[KEY_LEN];
                if (L->depth > 0)
                    snprintf(joined, sizeof joined, "%.120s.%.120s", L->prefix[L->depth - 1], key);
                else
                    snprintf(joined, sizeof joined, "%s", key);
                memcpy(L->prefix[L->depth], joined, sizeof joined);
                L->depth++;
                have_key = 0;
                yaml_event_delete(&ev);
                st = walk(L, p);
                L->depth--;
                if (st != MEMSIM_OK) return st;
                continue;
            }
            break;
        case YAML_DOCUMENT_END_EVENT:
            if (have_key) {
                char q[MEMSIM__QUOTE_CAP];
                memsim__config_errorf(L->cfg, "%s:%zu: expected 'key: value', got '%s' alone",
                                      L->path, line, memsim__config_quote(q, key));
                st = MEMSIM_E_PARSE;
            }
            break;
        case YAML_DOCUMENT_START_EVENT:
            /* A second document was silently ignored: refuse it. */
            if (++L->documents > 1) {
                memsim__config_errorf(L->cfg, "%s:%zu: expected one YAML document, got a second",
                                      L->path, line);
                st = MEMSIM_E_PARSE;
            }
            break;
        case YAML_MAPPING_END_EVENT:
            if (L->depth == 0) { /* the root mapping: the document goes on to its end */
                L->in_root = 0;
                break;
            }
            yaml_event_delete(&ev);
            return MEMSIM_OK;
        case YAML_STREAM_END_EVENT:
            yaml_event_delete(&ev);
            return MEMSIM_OK;
        case YAML_SEQUENCE_START_EVENT:
        case YAML_ALIAS_EVENT:
            memsim__config_errorf(L->cfg, "%s:%zu: expected a key: value mapping, got a %s",
                                  L->path, line,
                                  ev.type == YAML_ALIAS_EVENT ? "YAML alias" : "list");
            st = MEMSIM_E_PARSE;
            break;
        default:
            break;
        }
        yaml_event_delete(&ev);
        if (st != MEMSIM_OK) return st;
    }
}

memsim_status memsim_config_load_yaml(memsim_config *cfg, const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        memsim__config_errorf(cfg, "cannot open config '%s': %s", path, strerror(errno));
        return MEMSIM_E_IO;
    }
    yaml_parser_t p;
    if (!yaml_parser_initialize(&p)) {
        fclose(fp);
        memsim__config_errorf(cfg, "%s: out of memory", path);
        return MEMSIM_E_NOMEM;
    }
    yaml_parser_set_input_file(&p, fp);
    loader L = {.cfg = cfg, .path = path, .depth = 0};
    memsim_status st = walk(&L, &p);
    yaml_parser_delete(&p);
    fclose(fp);
    return st;
}
