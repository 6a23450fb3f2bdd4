/*
 * sg_parse - strict value parsers for configuration and command lines:
 * whole-string match (end pointer checked), range checks, units.
 * Each returns 0 on success and -1 with a short reason in *why.
 */
#ifndef SG_PARSE_H
#define SG_PARSE_H

#include <stddef.h>

/* "10", "10k", "10K", "10M", "2G" (binary units) */
int sg_parse_size(const char *s, unsigned long long *out, const char **why);
/* "30", "30s", "5m", "2h", "14d", "100ms"; result in milliseconds */
int sg_parse_duration_ms(const char *s, unsigned long long *out, const char **why);
int sg_parse_ulong(const char *s, unsigned long long *out, const char **why);
/* yes/no/true/false/on/off/1/0 */
int sg_parse_bool(const char *s, int *out, const char **why);

/* In-place trim of ASCII whitespace; returns s. */
char *sg_trim(char *s);
/* ASCII lower-case in place; returns s. */
char *sg_lower(char *s);
/* What a [record] database value names: 0 = sqlite:PATH, 1 = PostgreSQL
 * (postgresql://..., postgres://... or a libpq keyword string "key=value
 * ..."), -1 = neither. The one definition (config check and store_open). */
int sg_parse_dburi(const char *uri);

#endif
