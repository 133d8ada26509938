/* fuzz_paste.c - libFuzzer: paste_clean (paste.h) on any bytes:
 *   - the result is no longer than the paste and holds no control byte
 *     (C0, DEL) and no ESC: a paste never drives the terminal or the keymap;
 *   - cleaning again changes nothing;
 *   - a paste with no control byte at all comes back as it was;
 *   - every byte kept is a byte of the paste, in order (a blank for a line
 *     break or a tab). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "attnviz/paste.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    memcpy(s, data, size);
    size_t n = paste_clean(s, size);
    if (n > size)
        fuzz_fail("%zu bytes out of %zu", n, size);
    int controls = 0;
    for (size_t i = 0; i < size; i++)
        controls |= data[i] < 0x20 || data[i] == 0x7f;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
            fuzz_fail("control byte 0x%02x kept at %zu", (unsigned char)s[i], i);
    if (!controls && (n != size || memcmp(s, data, size) != 0))
        fuzz_fail("a paste without control bytes was changed");
    /* a subsequence of the paste, line breaks and tabs as blanks */
    size_t j = 0;
    for (size_t i = 0; i < n; i++) {
        while (j < size && !(data[j] == (unsigned char)s[i]
                             || (s[i] == ' ' && (data[j] == '\n' || data[j] == '\r'
                                                 || data[j] == '\t'))))
            j++;
        if (j == size)
            fuzz_fail("byte %zu (0x%02x) is not from the paste", i, (unsigned char)s[i]);
        j++;
    }
    char *t = malloc(n + 1);
    memcpy(t, s, n);
    if (paste_clean(t, n) != n || memcmp(t, s, n) != 0)
        fuzz_fail("cleaning twice changes the text");
    free(t);
    free(s);
    return 0;
}
