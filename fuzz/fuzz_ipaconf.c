/*
 * FreeIPA's default.conf: the input is the file's bytes, given exactly
 * (no NUL added); what it yields then fills empty settings as the
 * program does.
 */
#include "config.h"

#include "conffile.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct iad_ipa_conf ipa;
    struct iad_settings s;
    char *text = malloc(size > 0 ? size : 1);

    if (text == NULL)
        return 0;
    memcpy(text, data, size);
    memset(&ipa, 0, sizeof(ipa));
    iad_settings_init(&s);
    if (fuzz_ret(iad_ipa_conf_parse(text, size, "default.conf", &ipa)) ==
        IAD_OK)
        (void)fuzz_ret(iad_settings_finish(&s, &ipa));
    iad_settings_release(&s);
    iad_ipa_conf_release(&ipa);
    free(text);
    return 0;
}
