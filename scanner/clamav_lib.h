/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * clamav_lib - includes libclamav's own <clamav.h>. Our scanner/clamav.h
 * has the same name and comes first on the include path (-I scanner), so
 * clamav.c includes this file as <clamav_lib.h> (found through -I scanner)
 * and #include_next continues the search after scanner/ to the system one.
 */
#ifndef SG_CLAMAV_LIB_H
#define SG_CLAMAV_LIB_H
#include_next <clamav.h>
#endif
