/* core/features/jsonl.h: the whole ledger as jsonl, one record a line, out and back in. */
#ifndef CT_JSONL_H
#define CT_JSONL_H

#include <stddef.h>
#include <stdio.h>

#include "exchange.h"
#include "ledger.h"

/*
 * The jsonl format
 * ----------------
 * One JSON object a line (UTF-8, '\n' after each), written in this order:
 *
 *   line                                               for
 *   -------------------------------------------------  --------------------------------
 *   {"type":"source","record":{...}}                   each source, by id; after each,
 *   {"type":"text","source":ID,"rev":N,"text":"..."}   the text of its revisions 1..N
 *   {"type":"claim","record":{...}}                    each claim, by creation time, id
 *   {"type":"anchors","record":{...}}                  each anchors record, by source, rev
 *
 * A record is the ledger's file as it stands (core/domain/model.h and core/domain/anchoring.c
 * describe them), so that importing a line writes back the same bytes: an
 * export imported into a fresh ledger gives the same `claim list --json` and
 * `source list --json`. Keys appear in the order above ("type" first); the
 * records' keys are sorted.
 *
 * Import is strict, and all or nothing:
 * - each line is parsed on its own (ct_json_parse, after a UTF-8 byte order
 *   mark at its start): duplicate keys, invalid UTF-8, NUL bytes, an empty
 *   line, anything after the object, and a line that is not an object are
 *   refused; so are an unknown "type" and a key that the line's type does not
 *   have;
 * - every record is checked before anything is written: ids well formed,
 *   fields of the right types, revisions numbered 1..N with a SHA-256; every
 *   revision has its text (in the file or in the ledger) and every text
 *   matches its revision's SHA-256 and size; every source that a source cites,
 *   that a citation names (with a revision it has, and a quote equal to the
 *   text between its offsets) and that an anchors record is about is in the
 *   file or in the ledger, as is every claim of an anchors record; no record
 *   appears twice; a record the ledger already holds must be byte for byte the
 *   same (it is then left as it is);
 * - the first problem found stops the import with CT_EINVALID and a message
 *   "'NAME' line L column C: what is wrong", where C counts characters from 1
 *   (as jansson does) and points at the offending byte, or value, or, for a
 *   duplicate key, at the end of the repeated key (jansson's column); nothing
 *   is written.
 */

/*
 * Write the whole ledger as jsonl (see the top of this header) to `out`, a
 * stream the caller owns: it stays open and is not flushed.
 * Returns 0; CT_ERROR when the ledger cannot be read or `out` cannot be
 * written ("cannot write the export: ..."). On failure part of the export
 * may have been written.
 */
int ct_export_jsonl(FILE *out, ct_ledger *ledger);

/*
 * Restore the records of a jsonl export (`len` bytes of `data`) into the
 * ledger, in one commit, after checking all of them (see the top of this
 * header). `name` labels the input in messages and the commit message.
 * When every record is in the ledger already, nothing is written and
 * stats->committed is 0.
 * stats: [out] zeroed on entry; filled on success.
 * Returns 0; CT_EINVALID (the message names the line and column); CT_EBUSY,
 * CT_ECONFLICT, CT_ERROR as ct_ledger_begin and ct_ledger_commit.
 */
int ct_import_jsonl(ct_import_stats *stats, ct_ledger *ledger, const char *data, size_t len,
                    const char *name);

#endif
