/* core/store/ledger_int.h: what the storage layer's modules share about a ledger (private to core/store). */
#ifndef CT_LEDGER_INT_H
#define CT_LEDGER_INT_H

#include <sqlite3.h>

#include "ledger.h"

/*
 * The ledger's index connection, opened when needed (a write closes its
 * connection with the lock; reads after it reopen one): borrowed, valid
 * until the next write or ct_ledger_free. NULL when it cannot be opened
 * (the message is set). Only the index's questions (index_query.c) and the
 * ledger's own modules use it: no SQL is written above core/store.
 */
sqlite3 *ct_ledger_db(ct_ledger *ledger);

#endif
