/*
 * core/claimtrack.h: the library's public interface, in one include.
 *
 * The library is in layers (core/README.md): each header below depends only on
 * those above it in this list. Every function that can fail returns 0 or a
 * negative code of base/error.h and sets the message ct_error_last() returns;
 * the library never prints and never exits. Link with
 * `pkg-config --cflags --libs claimtrack`.
 */
#ifndef CLAIMTRACK_H
#define CLAIMTRACK_H

/* base: buffers, errors, canonical JSON, clock, ids and files */
#include "buf.h"
#include "error.h"
#include "json.h"
#include "util.h"

/* text: UTF-8 and folding, sentences, values, word diffs, re-anchoring */
#include "utf8.h"
#include "text.h"
#include "token.h"
#include "segment.h"
#include "value.h"
#include "seqdiff.h"
#include "wdiff.h"
#include "reanchor.h"

/* record: the ledger's records as C types, and their fields one by one */
#include "where.h"
#include "field.h"
#include "record.h"

/* store: the ledger's git history and its index */
#include "ledger.h"

/* domain: sources, claims and citations */
#include "model.h"

/* features: the check, claim diffs and comparisons, imports and exports, reports */
#include "check.h"
#include "compare.h"
#include "exchange.h"
#include "jsonl.h"
#include "claimreview.h"
#include "csl.h"
#include "report.h"

/* render: HTML pages, and word diffs for the terminal */
#include "html.h"
#include "term.h"

#endif
