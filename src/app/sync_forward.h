// A district's upward link (docs/sync-protocol.md §13): its own entries go up
// as a child's (sync_child.cc, on the tree of its own origin), then the
// batches it accepted from its laptops, in the same bounds and with the
// laptops' own signed notes. Also the link helpers sync_child.cc shares.
#pragma once
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "app/app.h"
#include "app/sync_child.h"
#include "http/client.h"
#include "journal/merkle.h"

namespace sabt::app {

// Link helpers (sync_child.cc).
Status UpdateLink(App& app, const nlohmann::json& fields);
std::string ParentUrl(App& app, const nlohmann::json& link);
Result<http::ClientResponse> LinkPost(const std::string& url, const std::string& body, const std::string& type,
                                      int timeout_ms);
std::string ErrorOf(const http::ClientResponse& r);
// Uploads one file this node holds, under its own origin and key (§3).
Result<int64_t> UploadAttachment(App& app, const std::string& base, const std::string& sha256);

// The last seq of this node's own origin (on a field node, its journal size).
Result<int64_t> OwnSize(App& app);
// The compact range of the tree of this node's own entries 1…upto: from the
// link's `up_frontier` when it is at `upto`, else rebuilt from the journal.
Result<CompactRange> OwnRange(App& app, store::ReadTx& tx, int64_t upto);

// Forwards, for every laptop of this district, the accepted batches after
// central's ack, once the district's own record of them is acknowledged.
Status ForwardChildren(App& app, PushReport* report);
// Laptop entries accepted here and not yet acknowledged by central.
Result<int64_t> ForwardPending(App& app);

}  // namespace sabt::app
