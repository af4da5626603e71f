// The per-entry checks of `sabt verify` that need no order (docs/journal-
// format.md §6.1): run by the pipeline's workers, in parallel. Each entry is
// parsed once; its view, leaf hash, commitment check and parsed payload are
// left in the ScannedEntry for the in-order fold.
#pragma once
#include "app/verify/pipeline.h"

namespace sabt::app::verify {

void CheckEntry(ScannedEntry& s);
inline void CheckChunk(Chunk& c) {
  for (auto& s : c.entries) CheckEntry(s);
}

}  // namespace sabt::app::verify
