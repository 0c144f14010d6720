/*
 * TXT values: any bytes encoded as master-file text must decode to the
 * same bytes; the input read as master-file text (as bind-dyndb-ldap
 * reads a tXTRecord) either fails or decodes to strings whose encoding
 * decodes to them again.
 */
#include "config.h"

#include <stdio.h>

#include "fuzz.h"
#include "txt.h"

/* Abort unless TXT holds exactly the LEN bytes at WANT. */
static void
same(const struct iad_txt *txt, const unsigned char *want, size_t len,
     const char *what)
{
    size_t i, sum = 0;

    for (i = 0; i < txt->n_strings; i++) {
        if (txt->lengths[i] > IAD_TXT_STRING_MAX)
            abort();
        sum += txt->lengths[i];
    }
    if (txt->len != len || sum != len || memcmp(txt->data, want, len) != 0 ||
        txt->data[len] != '\0') {
        fprintf(stderr, "%s: %zu bytes in, %zu out\n", what, len, txt->len);
        abort();
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct iad_txt *txt = NULL, *back = NULL;
    char *text = NULL, *again = NULL, *value = NULL;

    (void)iad_txt_check((const char *)data, size);
    /* The empty value is refused, by the encoder too. */
    if (iad_txt_encode(data, size, &text) != IAD_OK) {
        if (size > 0)
            abort();
        return 0;
    }
    if (iad_txt_decode(text, &txt) != IAD_OK) {
        fprintf(stderr, "encoded text does not decode: %s\n", text);
        abort();
    }
    same(txt, data, size, "encode then decode");
    iad_txt_free(txt);
    txt = NULL;

    value = fuzz_string(data, size);
    if (value == NULL)
        goto cleanup;
    (void)fuzz_ret(iad_txt_check_size(&value, 1));
    if (fuzz_ret(iad_txt_decode(value, &txt)) != IAD_OK)
        goto cleanup;
    if (txt->len == 0)
        goto cleanup;
    if (iad_txt_encode(txt->data, txt->len, &again) != IAD_OK ||
        iad_txt_decode(again, &back) != IAD_OK)
        abort();
    same(back, txt->data, txt->len, "decode, encode, decode");

cleanup:
    iad_txt_free(back);
    iad_txt_free(txt);
    free(again);
    free(value);
    free(text);
    return 0;
}
