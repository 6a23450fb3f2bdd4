/*
 * t-token - release key file and HMAC tokens: creation with mode 0600,
 * reuse of an existing key, refusal of a group/other-readable or
 * wrong-sized key or a FIFO (without blocking), and token checks (valid, forged, other hold, other
 * action, other address, case of the address and of the token).
 */
#include "build-config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hold_int.h"
#include "sg_tap.h"

static char dir[] = "/tmp/t-token.XXXXXX";

static void test_key_file(unsigned char key[HOLD_KEY_BYTES])
{
    char path[256], err[512];
    unsigned char again[HOLD_KEY_BYTES];
    struct stat sb;
    int fd;

    snprintf(path, sizeof(path), "%s/release.key", dir);
    TAP_IS_INT(token_load_key(path, key, err, sizeof(err)), 0, "missing key file is created");
    TAP_OK(stat(path, &sb) == 0 && (sb.st_mode & 0777) == 0600, "created with mode 0600");
    TAP_IS_INT(sb.st_size, HOLD_KEY_BYTES, "key file has %d bytes", HOLD_KEY_BYTES);
    TAP_IS_INT(token_load_key(path, again, err, sizeof(err)), 0, "existing key is read");
    TAP_OK(memcmp(key, again, HOLD_KEY_BYTES) == 0, "same key read back");

    chmod(path, 0640);
    TAP_IS_INT(token_load_key(path, again, err, sizeof(err)), -1, "group-readable key refused");
    TAP_OK(strstr(err, "chmod 600") != NULL, "error says what to do: %s", err);
    chmod(path, 0604);
    TAP_IS_INT(token_load_key(path, again, err, sizeof(err)), -1, "other-readable key refused");
    chmod(path, 0600);

    snprintf(path, sizeof(path), "%s/short.key", dir);
    fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
    TAP_OK(fd >= 0 && write(fd, "short", 5) == 5, "short key written");
    close(fd);
    TAP_IS_INT(token_load_key(path, again, err, sizeof(err)), -1, "wrong-sized key refused");
    unlink(path);

    /* issue 10 item 8: a FIFO at the key path is refused, never waited on
     * (alarm: before the fix the open blocked for ever) */
    snprintf(path, sizeof(path), "%s/fifo.key", dir);
    TAP_OK(mkfifo(path, 0600) == 0, "FIFO made at the key path");
    alarm(10);
    TAP_IS_INT(token_load_key(path, again, err, sizeof(err)), -1, "FIFO at the key path refused");
    alarm(0);
    TAP_OK(strstr(err, "not a regular file") != NULL, "FIFO: error names it: %s", err);
    unlink(path);

    snprintf(path, sizeof(path), "%s/nodir/release.key", dir);
    TAP_IS_INT(token_load_key(path, again, err, sizeof(err)), -1, "uncreatable key: error");
}

static const struct {
    const char *label, *id; token_action a; const char *addr; int want;
} cases[] = {
    { "valid token", "0123456789abcdef0123456789abcdef", TOKEN_RELEASE, "taro@example.co.jp", 1 },
    { "other hold id", "0123456789abcdef0123456789abcdee", TOKEN_RELEASE, "taro@example.co.jp", 0 },
    { "other action", "0123456789abcdef0123456789abcdef", TOKEN_CANCEL, "taro@example.co.jp", 0 },
    { "other address", "0123456789abcdef0123456789abcdef", TOKEN_RELEASE, "hanako@example.co.jp", 0 },
    { "address case ignored", "0123456789abcdef0123456789abcdef", TOKEN_RELEASE, "Taro@Example.CO.JP", 1 },
};

static void test_tokens(const unsigned char key[HOLD_KEY_BYTES])
{
    char tok[HOLD_TOKEN_CHARS + 1], upper[HOLD_TOKEN_CHARS + 1], forged[HOLD_TOKEN_CHARS + 1];
    unsigned char other[HOLD_KEY_BYTES];
    size_t i;

    TAP_IS_INT(token_make(key, cases[0].id, TOKEN_RELEASE, "taro@example.co.jp", tok), 0,
               "token made");
    TAP_IS_INT(strlen(tok), HOLD_TOKEN_CHARS, "token has %d characters", HOLD_TOKEN_CHARS);
    TAP_IS_INT(strspn(tok, "abcdefghijklmnopqrstuvwxyz234567"), HOLD_TOKEN_CHARS,
               "token is lower-case base32");
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        TAP_IS_INT(token_check(key, cases[i].id, cases[i].a, cases[i].addr, tok), cases[i].want,
                   "%s", cases[i].label);
    for (i = 0; i <= HOLD_TOKEN_CHARS; i++)
        upper[i] = (char)(tok[i] >= 'a' && tok[i] <= 'z' ? tok[i] - 32 : tok[i]);
    TAP_IS_INT(token_check(key, cases[0].id, TOKEN_RELEASE, "taro@example.co.jp", upper), 1,
               "token case ignored");
    memcpy(forged, tok, sizeof(forged));
    forged[5] = forged[5] == 'a' ? 'b' : 'a';
    TAP_IS_INT(token_check(key, cases[0].id, TOKEN_RELEASE, "taro@example.co.jp", forged), 0,
               "one changed character: forged");
    TAP_IS_INT(token_check(key, cases[0].id, TOKEN_RELEASE, "taro@example.co.jp", "abc"), 0,
               "short token: forged");
    TAP_IS_INT(token_check(key, cases[0].id, TOKEN_RELEASE, "taro@example.co.jp", NULL), 0,
               "no token");
    memcpy(other, key, sizeof(other));
    other[0] ^= 1;
    TAP_IS_INT(token_check(other, cases[0].id, TOKEN_RELEASE, "taro@example.co.jp", tok), 0,
               "token of another key");
    TAP_IS_INT(token_make(key, "0123456789abcdef0123456789abcdef0123456789", TOKEN_RELEASE,
                          "a@b", tok), -1, "over-long hold id refused");
}

int main(void)
{
    unsigned char key[HOLD_KEY_BYTES];
    char cmd[300];

    if (!mkdtemp(dir))
        return 1;
    test_key_file(key);
    test_tokens(key);
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    if (system(cmd) != 0)
        printf("# cleanup failed\n");
    return tap_done();
}
