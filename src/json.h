/* Just enough JSON output for --json. */
#ifndef IAD_JSON_H
#define IAD_JSON_H

#include <stddef.h>
#include <stdio.h>

/*
 * Write the LEN bytes at S to F as a JSON string, quotes included.  Bytes
 * of 0x80 and above are taken as Latin-1 code points, so that any TXT
 * data, valid UTF-8 or not, gives valid JSON.
 */
void iad_json_string(FILE *f, const unsigned char *s, size_t len);

#endif
