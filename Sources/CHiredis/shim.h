#ifndef PREFEED_CHIREDIS_SHIM_H
#define PREFEED_CHIREDIS_SHIM_H
// hiredis 0.14 (Debian libhiredis-dev). Only PrefeedRedis imports this module.
#include <hiredis/hiredis.h>
#endif
