/*
 * cfb_info - bounded CFB directory reader; see cfb_info.h.
 *
 * Layout used ([MS-CFB] 2.2): 512-byte header; sector size 1 << shift
 * (512 or 4096); FAT sectors listed in the header DIFAT (109) and the
 * DIFAT chain; directory entries of 128 bytes (UTF-16LE name, type,
 * start sector, size); streams under the mini-stream cutoff live in the
 * root entry's mini stream in 64-byte mini sectors chained by the MiniFAT.
 */
#include "cfb_info.h"
#include "sg_alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "file_type.h"

#define CFB_ENDOFCHAIN 0xFFFFFFFEu
#define CFB_FREESECT   0xFFFFFFFFu
#define CFB_MAXREGSECT 0xFFFFFFFAu

typedef struct cfb {
    const unsigned char *d;
    size_t len;
    unsigned shift;             /* sector shift */
    size_t ssz;                 /* sector size */
    size_t nsect;               /* sectors present in the file */
    uint32_t *fat_sects;        /* FAT sector numbers */
    size_t nfat;
    unsigned char *minifat;     /* the MiniFAT stream */
    size_t minifat_len;
    unsigned char *ministream;  /* the root entry's mini stream */
    size_t ministream_len;
    uint32_t cutoff;
} cfb;

static uint32_t rd32(const unsigned char *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }
static uint16_t rd16(const unsigned char *p) { return (uint16_t)(p[0] | p[1] << 8); }

int cfb_info_is_cfb(const unsigned char *d, size_t len)
{
    static const unsigned char sig[8] = { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 };

    return len >= 512 && memcmp(d, sig, 8) == 0;
}

/* Pointer to sector s, or NULL when it lies outside the file. */
static const unsigned char *sector(const cfb *c, uint32_t s)
{
    if (s > CFB_MAXREGSECT || (size_t)s >= c->nsect)
        return NULL;
    return c->d + (((size_t)s + 1) << c->shift);
}

/* FAT entry of sector s; CFB_FREESECT (ends chains) when out of range. */
static uint32_t fat_next(const cfb *c, uint32_t s)
{
    size_t per = c->ssz / 4, fi = s / per;
    const unsigned char *fs;

    if (fi >= c->nfat || !(fs = sector(c, c->fat_sects[fi])))
        return CFB_FREESECT;
    return rd32(fs + (s % per) * 4);
}

static int load_fat(cfb *c)
{
    const unsigned char *h = c->d;
    uint32_t nfat = rd32(h + 0x2C), difat = rd32(h + 0x44), ndifat = rd32(h + 0x48), i;
    size_t per = c->ssz / 4, steps = 0;

    if (nfat > c->nsect + 1)
        return -1;
    if (!(c->fat_sects = sg_calloc(nfat ? nfat : 1, sizeof(uint32_t))))
        return -1;
    for (i = 0; i < 109 && c->nfat < nfat; i++)
        c->fat_sects[c->nfat++] = rd32(h + 0x4C + i * 4);
    while (c->nfat < nfat && ndifat-- > 0 && steps++ < c->nsect) {
        const unsigned char *ds = sector(c, difat);
        size_t k;
        if (!ds)
            return -1;
        for (k = 0; k + 1 < per && c->nfat < nfat; k++)
            c->fat_sects[c->nfat++] = rd32(ds + k * 4);
        difat = rd32(ds + (per - 1) * 4);
    }
    return c->nfat == nfat ? 0 : -1;
}

/* Reads a regular (FAT) chain from start, at most max bytes (size 0 =
 * until end of chain). Returns malloc'd data or NULL; *outlen set. */
static unsigned char *read_chain(const cfb *c, uint32_t start, size_t size, size_t max,
                                 size_t *outlen)
{
    size_t want = size && size < max ? size : max, got = 0, steps = 0;
    size_t limit = c->nsect < SG_MAX_CFB_SECTORS ? c->nsect : SG_MAX_CFB_SECTORS;
    unsigned char *buf;
    uint32_t s = start;

    *outlen = 0;
    if (want > c->len)
        want = c->len;
    if (!(buf = sg_malloc(want + 1)))
        return NULL;
    while (got < want && s <= CFB_MAXREGSECT && steps++ <= limit) {
        const unsigned char *p = sector(c, s);
        size_t n = want - got < c->ssz ? want - got : c->ssz;
        if (!p)
            break;
        memcpy(buf + got, p, n);
        got += n;
        s = fat_next(c, s);
    }
    *outlen = got;
    return buf;
}

/* Reads a mini-stream chain. */
static unsigned char *read_mini(const cfb *c, uint32_t start, size_t size, size_t max,
                                size_t *outlen)
{
    size_t want = size < max ? size : max, got = 0, steps = 0, nmini = c->ministream_len / 64;
    unsigned char *buf;
    uint32_t s = start;

    *outlen = 0;
    if (!(buf = sg_malloc(want + 1)))
        return NULL;
    while (got < want && (size_t)s < nmini && steps++ <= nmini) {
        size_t n = want - got < 64 ? want - got : 64;
        memcpy(buf + got, c->ministream + (size_t)s * 64, n);
        got += n;
        if ((size_t)s * 4 + 4 > c->minifat_len)
            break;
        s = rd32(c->minifat + (size_t)s * 4);
    }
    *outlen = got;
    return buf;
}

/* Compares a directory entry name (UTF-16LE, nbytes incl. NUL) with ASCII s. */
static int name_is(const unsigned char *e, const char *s)
{
    size_t nbytes = rd16(e + 0x40), i, n = strlen(s);

    if (nbytes != (n + 1) * 2 || nbytes > 64)
        return 0;
    for (i = 0; i < n; i++)
        if (e[i * 2] != (unsigned char)s[i] || e[i * 2 + 1] != 0)
            return 0;
    return 1;
}

static unsigned char *read_stream(const cfb *c, const unsigned char *e, size_t max, size_t *outlen)
{
    uint32_t start = rd32(e + 0x74);
    size_t size = rd32(e + 0x78);   /* v3 files: high dword is unreliable */

    if (size < c->cutoff)
        return read_mini(c, start, size, max, outlen);
    return read_chain(c, start, size, max, outlen);
}

static void check_word(const cfb *c, const unsigned char *e, cfb_result *r)
{
    size_t n;
    unsigned char *w = read_stream(c, e, 64, &n);

    r->has_word = 1;
    if (w && n >= 12 && rd16(w) == 0xA5EC && (rd16(w + 0x0A) & (0x0100 | 0x8000)))
        r->doc_encrypted = 1;
    else if (!w || n < 12)
        r->corrupt = 1;
    free(w);
}

static void check_workbook(const cfb *c, const unsigned char *e, cfb_result *r)
{
    size_t n, off = 0;
    unsigned char *w = read_stream(c, e, CFB_MAX_READ, &n);

    r->has_workbook = 1;
    if (!w) {
        r->corrupt = 1;
        return;
    }
    while (off + 4 <= n) {
        uint16_t type = rd16(w + off), sz = rd16(w + off + 2);
        if (type == 0x002F) {
            r->xls_encrypted = 1;
            break;
        }
        if (type == 0x000A && off > 0)      /* EOF of the globals substream */
            break;
        off += 4 + (size_t)sz;
    }
    free(w);
}

static void walk_dir(cfb *c, const unsigned char *dir, size_t dlen, cfb_result *r)
{
    size_t i, n = dlen / 128;

    if (n > CFB_MAX_DIR_ENTRIES)
        n = CFB_MAX_DIR_ENTRIES;
    for (i = 0; i < n; i++) {
        const unsigned char *e = dir + i * 128;
        unsigned type = e[0x42];

        if (type != 2)
            continue;
        if (name_is(e, "EncryptedPackage"))
            r->encrypted_package = 1;
        else if (name_is(e, "EncryptedSummary"))
            r->ppt_encrypted = 1;
        else if (name_is(e, "PowerPoint Document"))
            r->has_ppt = 1;
        else if (name_is(e, "WordDocument"))
            check_word(c, e, r);
        else if (name_is(e, "Workbook") || name_is(e, "Book"))
            check_workbook(c, e, r);
    }
}

static int load_mini(cfb *c, const unsigned char *root)
{
    const unsigned char *h = c->d;
    uint32_t nminifat = rd32(h + 0x40);

    if (root[0x42] != 5)
        return -1;
    c->ministream = read_chain(c, rd32(root + 0x74), rd32(root + 0x78), c->len,
                               &c->ministream_len);
    if (nminifat && nminifat <= c->nsect)
        c->minifat = read_chain(c, rd32(h + 0x3C), (size_t)nminifat * c->ssz, c->len,
                                &c->minifat_len);
    return c->ministream ? 0 : -1;
}

int cfb_info_inspect(const unsigned char *d, size_t len, cfb_result *r)
{
    cfb c;
    unsigned char *dir = NULL;
    size_t dlen = 0;

    memset(r, 0, sizeof(*r));
    memset(&c, 0, sizeof(c));
    if (!cfb_info_is_cfb(d, len)) {
        r->corrupt = 1;
        return 0;
    }
    c.d = d;
    c.len = len;
    c.shift = rd16(d + 0x1E);
    c.cutoff = rd32(d + 0x38);
    if ((c.shift != 9 && c.shift != 12) || rd16(d + 0x1C) != 0xFFFE || len < (1u << c.shift)) {
        r->corrupt = 1;
        return 0;
    }
    c.ssz = (size_t)1 << c.shift;
    c.nsect = len / c.ssz - 1;
    if (load_fat(&c) != 0 ||
        !(dir = read_chain(&c, rd32(d + 0x30), 0, (size_t)CFB_MAX_DIR_ENTRIES * 128, &dlen)) ||
        dlen < 128 || load_mini(&c, dir) != 0)
        r->corrupt = 1;
    if (dir && dlen >= 128)
        walk_dir(&c, dir, dlen, r);
    free(dir);
    free(c.fat_sects);
    free(c.minifat);
    free(c.ministream);
    return r->encrypted_package || r->doc_encrypted || r->xls_encrypted || r->ppt_encrypted;
}
