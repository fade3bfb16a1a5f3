/* Freestanding build of libsecp256k1 for airsign's batch engine: the only libc it names. */
#include <stddef.h>
void *malloc(size_t size);
void free(void *p);
void abort(void) __attribute__((noreturn));
