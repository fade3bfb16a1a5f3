/* Freestanding build of libsecp256k1 for airsign's batch engine: declared, never called (no output). */
typedef struct FILE FILE;
extern FILE *stderr;
int fprintf(FILE *f, const char *fmt, ...);
int printf(const char *fmt, ...);
