/* core/record/where.h: positions in a JSON text, for messages that point at a value. */
#ifndef CT_WHERE_H
#define CT_WHERE_H

#include <stddef.h>

/*
 * jansson reports where a text fails to parse, but a parsed value keeps no
 * position. A message about a value of a well-formed document ("\"rev\" must be
 * an integer") finds the value again by its path from the document's root.
 */

/*
 * An input text, for messages: `line` is the number of the line that text[0]
 * is on (1 for a whole file). Columns count characters from 1, as jansson's do.
 * Every pointer is borrowed.
 */
typedef struct ct_where {
	const char *name; /* names the input in messages: a path, a file name */
	const char *text;
	size_t len;
	size_t line;
} ct_where;

/* A step of a path into a JSON document: an object's member `key`, or when key is NULL the array
 * element `index`. */
typedef struct ct_json_seg {
	const char *key;
	size_t index;
} ct_json_seg;

/*
 * The offset in w's text of the value at path[0..n) in the JSON document there,
 * which must have been parsed (it is well formed). When the path leads nowhere
 * (a missing member), the offset of the deepest value on it that exists.
 */
size_t ct_where_locate(const ct_where *w, const ct_json_seg *path, size_t n);

/* The line and the column (characters from 1) of byte `off` of w's text. */
void ct_where_position(size_t *line, size_t *col, const ct_where *w, size_t off);

/*
 * Set the message "'NAME' line L column C: MESSAGE" for byte `off` of the
 * input (printf-style) and return CT_EINVALID.
 */
int ct_where_error(const ct_where *w, size_t off, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

#endif
