/* cli/cmd_exchange.h: the commands claimtrack export and claimtrack import. */
#ifndef CT_CMD_EXCHANGE_H
#define CT_CMD_EXCHANGE_H

#include "cli.h"

extern const struct ct_cmd ct_cmd_export, ct_cmd_import;

#endif
