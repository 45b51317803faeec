/* libFuzzer's driver, for fuzz targets that keep their own `main` (SwiftPM renames an executable's
 * `main`, so the one in libFuzzer's runtime cannot be used): it parses the libFuzzer flags in argv
 * and runs the fuzzing loop, calling `callback` once per input. */
#ifndef FTI_CFUZZER_H
#define FTI_CFUZZER_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
