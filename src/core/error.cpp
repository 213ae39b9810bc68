#include "hotspot/core/error.hpp"

#include <fmt/format.h>

namespace hotspot {

Error::Error(ErrorCode code, std::string what, ErrorWhere where, std::string fix)
    : std::runtime_error(std::move(what)),
      code_(code),
      where_(std::move(where)),
      fix_(std::move(fix)) {}

std::string Error::message() const {
  std::string out;
  if (!where_.file.empty()) out += fmt::format("file '{}'", where_.file);
  if (!where_.layer.empty())
    out += fmt::format("{}layer '{}'", out.empty() ? "" : ", ", where_.layer);
  if (where_.row >= 0) out += fmt::format("{}line {}", out.empty() ? "" : ", ", where_.row);
  // An option's error already names it (--key): no "field" then.
  const std::string w = what();
  const bool named =
      w.find("--" + where_.field) != std::string::npos ||
      (where_.field.rfind("--", 0) == 0 && w.find(where_.field) != std::string::npos);
  if (!where_.field.empty() && !named)
    out += fmt::format("{}field '{}'", out.empty() ? "" : ", ", where_.field);
  if (!out.empty()) out += ": ";
  out += what();
  if (!fix_.empty()) out += fmt::format(". Fix: {}", fix_);
  return out;
}

const char* exit_code_table() {
  return "Exit codes:\n"
         "  0  success\n"
         "  1  command line not understood (unknown option, missing value)\n"
         "  2  bad option value or combination\n"
         "  3  input file missing or unreadable\n"
         "  4  input unusable (no such column or layer, not a polygon layer ...)\n"
         "  5  unknown CRS or impossible transformation\n"
         "  6  nothing to work on (empty input, everything rejected or filtered out)\n"
         "  7  an output could not be written\n"
         "  8  request too large for memory\n"
         "  9  internal error (a bug: please report it)\n";
}

}  // namespace hotspot
