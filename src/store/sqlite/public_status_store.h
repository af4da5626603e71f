// SQLite query of the public status look-up (store/public_status_tx.h).
#pragma once
#include "store/public_status_tx.h"
#include "store/sqlite/conn.h"

namespace sabt::store::sqlite {

Result<std::optional<PublicStatusRow>> PublicStatusByNumberQ(Conn& c, std::string_view number);

}  // namespace sabt::store::sqlite
