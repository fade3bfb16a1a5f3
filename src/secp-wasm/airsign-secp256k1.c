/*
 * airsign's batch engine: libsecp256k1 0.5.0 (bitcoin-core, MIT) compiled to
 * WebAssembly with this file as its only interface. Built by
 * .ci/build-secp-wasm.mjs (clang 14, wasm32, no libc, no imports); the module
 * is pinned by sha256 in src/secp-wasm.ts.
 *
 * One static buffer carries every input and output (airsign_io):
 *   [0, 32)    secret key            [32, 64)   digest
 *   [64, 128)  signature r || s      [128, 193) public key, uncompressed
 *   [196, 228) seed for the context's blinding (zeroed by init)
 * The caller zeroes what it wrote after each call; every secret this file
 * holds in a local is cleared before it returns.
 */
#include "secp256k1.c"
#include "precomputed_ecmult_gen.c"
#include "precomputed_ecmult.c"
#include "modules/recovery/main_impl.h"

#define EXPORT(name) __attribute__((export_name(#name), visibility("default")))

/* The libc libsecp256k1 names. memory functions as plain loops; allocation and
 * aborting trap (the context is preallocated below; a trap reaches JavaScript
 * as a RuntimeError, which airsign reports as INTERNAL). */
void *memcpy(void *d, const void *s, size_t n) { unsigned char *a = d; const unsigned char *b = s; while (n--) *a++ = *b++; return d; }
void *memset(void *d, int c, size_t n) { unsigned char *a = d; while (n--) *a++ = (unsigned char)c; return d; }
void *memmove(void *d, const void *s, size_t n) {
    unsigned char *a = d;
    const unsigned char *b = s;
    if (a < b) { while (n--) *a++ = *b++; } else { a += n; b += n; while (n--) *--a = *--b; }
    return d;
}
int memcmp(const void *x, const void *y, size_t n) {
    const unsigned char *a = x, *b = y;
    for (; n; n--, a++, b++) if (*a != *b) return *a - *b;
    return 0;
}
void *malloc(size_t size) { (void)size; __builtin_trap(); }
void free(void *p) { (void)p; __builtin_trap(); }
void abort(void) { __builtin_trap(); }
void secp256k1_default_illegal_callback_fn(const char *str, void *data) { (void)str; (void)data; __builtin_trap(); }
void secp256k1_default_error_callback_fn(const char *str, void *data) { (void)str; (void)data; __builtin_trap(); }

static unsigned char io[256];
static unsigned char ctx_mem[512] __attribute__((aligned(16)));
static secp256k1_context *ctx;

/** The address of the input/output buffer. */
EXPORT(io) unsigned char *airsign_io(void) { return io; }

/** Create the context and blind it with the 32-byte seed at io[196..228); 1 on success. */
EXPORT(init) int airsign_init(void) {
    int ok;
    if (secp256k1_context_preallocated_size(SECP256K1_CONTEXT_NONE) > sizeof(ctx_mem)) return 0;
    ctx = secp256k1_context_preallocated_create(ctx_mem, SECP256K1_CONTEXT_NONE);
    ok = ctx != NULL && secp256k1_context_randomize(ctx, io + 196);
    memset(io + 196, 0, 32);
    return ok;
}

/**
 * ECDSA over the digest with the key: RFC 6979 nonce (HMAC-SHA256), low s,
 * r || s to io[64..128). The digest is reduced mod n first, which is RFC 6979's
 * bits2octets (libsecp256k1 hands its nonce function the digest unreduced) and
 * changes nothing else: ECDSA reads the digest mod n.
 * @return the recovery id (0..3), or -1 when the key is not in [1, n)
 */
EXPORT(sign) int airsign_sign(void) {
    secp256k1_ecdsa_recoverable_signature sig;
    secp256k1_scalar z;
    unsigned char reduced[32];
    int recid = -1;
    secp256k1_scalar_set_b32(&z, io + 32, NULL);
    secp256k1_scalar_get_b32(reduced, &z);
    if (secp256k1_ecdsa_sign_recoverable(ctx, &sig, reduced, io, NULL, NULL)) {
        secp256k1_ecdsa_recoverable_signature_serialize_compact(ctx, io + 64, &recid, &sig);
    }
    memset(&sig, 0, sizeof(sig));
    memset(reduced, 0, sizeof(reduced));
    secp256k1_scalar_clear(&z);
    return recid;
}

/** The key's public key, uncompressed, to io[128..193); 1, or 0 when the key is not in [1, n). */
EXPORT(pubkey) int airsign_pubkey(void) {
    secp256k1_pubkey pk;
    size_t len = 65;
    int ok = secp256k1_ec_pubkey_create(ctx, &pk, io) && secp256k1_ec_pubkey_serialize(ctx, io + 128, &len, &pk, SECP256K1_EC_UNCOMPRESSED) && len == 65;
    memset(&pk, 0, sizeof(pk));
    return ok;
}

/**
 * The self-check of a signature (r, s, recid) of the digest by the key d, whose
 * public key Q = d·G the caller has proven. With t = (z + r·d)/s, the nonce of a
 * sound signature, R = t·G must be the point whose x mod n is r, whose x
 * overflowed n as recid's bit 1 says and whose y has recid's bit 0 as parity.
 * Then s·R = z·G + r·Q: the signature verifies, and recovers to Q, with that
 * recovery id. R is computed as (t+1)·G − G (or (t−1)·G + G when t = n−1): a
 * scalar the signer did not multiply, through the constant-time comb (t is the
 * secret nonce), then the variable-time addition the comb does not use.
 * @return 1 when sound, 0 otherwise
 */
EXPORT(check) int airsign_check(int recid) {
    secp256k1_scalar d, z, r, s, t, u, one;
    secp256k1_gej pj;
    secp256k1_ge p, adder;
    unsigned char xb[32];
    int overflow, ok = 1;
    if (recid < 0 || recid > 3) return 0;
    secp256k1_scalar_set_b32(&r, io + 64, &overflow);
    ok &= !overflow & !secp256k1_scalar_is_zero(&r);
    secp256k1_scalar_set_b32(&s, io + 96, &overflow);
    ok &= !overflow & !secp256k1_scalar_is_zero(&s);
    secp256k1_scalar_set_b32(&d, io, &overflow);
    ok &= !overflow & !secp256k1_scalar_is_zero(&d);
    secp256k1_scalar_set_b32(&z, io + 32, NULL);
    if (ok) {
        secp256k1_scalar_inverse_var(&u, &s);
        secp256k1_scalar_mul(&t, &r, &d);
        secp256k1_scalar_add(&t, &t, &z);
        secp256k1_scalar_mul(&t, &t, &u);
        ok = !secp256k1_scalar_is_zero(&t);
        secp256k1_scalar_set_int(&one, 1);
        secp256k1_scalar_add(&u, &t, &one);
        adder = secp256k1_ge_const_g;
        if (secp256k1_scalar_is_zero(&u)) {
            secp256k1_scalar_negate(&one, &one);
            secp256k1_scalar_add(&u, &t, &one);
        } else {
            secp256k1_ge_neg(&adder, &adder);
        }
        secp256k1_ecmult_gen(&ctx->ecmult_gen_ctx, &pj, &u);
        secp256k1_gej_add_ge_var(&pj, &pj, &adder, NULL);
        if (secp256k1_gej_is_infinity(&pj)) {
            ok = 0;
        } else {
            secp256k1_ge_set_gej_var(&p, &pj);
            secp256k1_fe_normalize_var(&p.x);
            secp256k1_fe_normalize_var(&p.y);
            secp256k1_fe_get_b32(xb, &p.x);
            secp256k1_scalar_set_b32(&u, xb, &overflow);
            ok &= secp256k1_scalar_eq(&u, &r) & (overflow == (recid >> 1)) & (secp256k1_fe_is_odd(&p.y) == (recid & 1));
        }
    }
    secp256k1_scalar_clear(&t);
    secp256k1_scalar_clear(&u);
    secp256k1_scalar_clear(&d);
    secp256k1_scalar_clear(&z);
    memset(&pj, 0, sizeof(pj));
    memset(&p, 0, sizeof(p));
    return ok;
}
