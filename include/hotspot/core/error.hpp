#pragma once
// One error type for the whole library (gdalcpp gdal_error / OSRM error_codes pattern).
// Codes start at 2 so they double as process exit codes (1 is left to CLI11 usage errors).
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

namespace hotspot {

enum class ErrorCode : int {
  Usage = 2,         ///< bad option value or combination
  InputMissing = 3,  ///< a file does not exist or cannot be opened
  InputFormat = 4,   ///< a file opens but its content is unusable (no columns, no layer ...)
  Crs = 5,           ///< unknown CRS or impossible transformation
  EmptyInput = 6,    ///< nothing left to work on
  Output = 7,        ///< an output cannot be written
  Resource = 8,      ///< a request too large for memory
  Internal = 9,      ///< a bug: please report
};

/// Where an error happened, as far as it is known; every part optional.
struct ErrorWhere {
  std::string file;
  std::string layer;
  std::string field;
  std::int64_t row = -1;  ///< 1-based line or feature number; -1 when not applicable
};

class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, std::string what, ErrorWhere where = {}, std::string fix = {});

  ErrorCode code() const noexcept { return code_; }
  int exit_code() const noexcept { return static_cast<int>(code_); }
  const ErrorWhere& where() const noexcept { return where_; }
  const std::string& fix() const noexcept { return fix_; }

  /// One line for a user: "file 'x.csv', field 'y': what. Fix: ..."
  std::string message() const;

 private:
  ErrorCode code_;
  ErrorWhere where_;
  std::string fix_;
};

/// Short text of each exit code, for `hotspot --help`.
const char* exit_code_table();

}  // namespace hotspot
