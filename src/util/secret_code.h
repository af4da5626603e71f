// Codes a citizen types back (a receipt's verification code, an online
// submission's check code): one normal form and one comparison whose time
// says nothing of where the codes differ or how long they are.
#pragma once
#include <string>

namespace sabt {

// Upper-case, without spaces and dashes, at most 32 characters:
// "n37j mmke" == "N37J-MMKE".
std::string NormalSecretCode(const std::string& code);
// Constant-time over fixed 32-byte buffers; false for an empty code.
bool SameSecretCode(const std::string& a, const std::string& b);

}  // namespace sabt
