/* core/base/buf.h: a growable, always NUL-terminated byte buffer (after git's strbuf). */
#ifndef CT_BUF_H
#define CT_BUF_H

#include <stddef.h>

/*
 * Invariants: `ptr` is never NULL once initialised (it points at a static ""
 * until the first allocation); ptr[len] == '\0'; len < cap whenever cap > 0.
 * The buffer owns `ptr` when cap > 0.
 */
typedef struct ct_buf {
	char *ptr;
	size_t len;
	size_t cap;
} ct_buf;

#define CT_BUF_INIT { (char *)ct_buf__empty, 0, 0 }
extern const char ct_buf__empty[1];

/* Initialise an empty buffer; allocates nothing. */
void ct_buf_init(ct_buf *b);

/* Make room for `extra` more bytes. Returns 0, or CT_ERROR when out of memory. */
int ct_buf_grow(ct_buf *b, size_t extra);

/*
 * Make a growing array hold at least `need` elements, as git's ALLOC_GROW:
 * when *cap (the elements allocated) is less, the array whose address is
 * `arrayp` (a T **, elements of `size` bytes; the pointer is read and
 * written with memcpy(), as it is a typed one) is reallocated with its room
 * doubled, starting from `first` when it has none, until it is enough, and
 * *cap is updated. On failure the array and *cap are unchanged.
 * Returns 0, or CT_ERROR when out of memory.
 */
int ct_array_reserve(void *arrayp, size_t *cap, size_t need, size_t size, size_t first);

/* ct_array_reserve() for an array `a` of any element type. */
#define CT_ARRAY_RESERVE(a, cap, need, first) ct_array_reserve(&(a), &(cap), (need), sizeof(*(a)), (first))

/* Room for one more element when `n` are in use. */
#define CT_ARRAY_GROW(a, n, cap, first) CT_ARRAY_RESERVE(a, cap, (n) + 1, first)

/* Append bytes, a string, one byte, or formatted text. Return 0 or CT_ERROR (out of memory). */
int ct_buf_put(ct_buf *b, const void *data, size_t len);
int ct_buf_puts(ct_buf *b, const char *s);
int ct_buf_putc(ct_buf *b, char c);
int ct_buf_printf(ct_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

/* Empty the buffer, keeping its storage. */
void ct_buf_reset(ct_buf *b);

/* Free the storage and return the buffer to its initial state. */
void ct_buf_release(ct_buf *b);

/*
 * Hand the storage to the caller, who frees it with free(), and reset the
 * buffer. Returns NULL (message set) when out of memory. `len` may be NULL.
 */
char *ct_buf_detach(ct_buf *b, size_t *len);

#endif
