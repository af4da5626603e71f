// Registration numbers, read from the journal itself: every series (appeals
// "<dept>", crime reports "KUSP-<dept>", criminal cases "CASE-<dept>") must
// run 1, 2, 3, … per year without a gap and without a number used twice.
// Independent of the tables, so a tampered table cannot hide a fault.
#pragma once
#include "store/store.h"

namespace sabt::app {

// OK, or kCorruption naming the series, the number and the entries involved.
Status CheckSeriesInJournal(store::ReadTx& tx);

}  // namespace sabt::app
