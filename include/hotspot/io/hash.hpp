#pragma once
// SHA-256 of files, for the run manifest (OpenSSL's implementation).
#include <filesystem>
#include <string>

namespace hotspot {

/// Hex SHA-256 of a file's bytes. @throws Error(InputMissing)
std::string sha256_file(const std::filesystem::path& p);

}  // namespace hotspot
