/* cli/cmd_check.h: the commands claimtrack check (a draft against the ledger) and claimtrack extract. */
#ifndef CT_CMD_CHECK_H
#define CT_CMD_CHECK_H

#include "cli.h"

extern const struct ct_cmd ct_cmd_check, ct_cmd_extract;

#endif
