#pragma once
// Test helpers: temporary folders, running the CLI, reading small CSV files.
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "hotspot/io/csv.hpp"

namespace test {

namespace fs = std::filesystem;

inline fs::path data_dir() {
  return fs::path(HOTSPOT_SOURCE_DIR) / "tests" / "reference" / "data";
}
inline fs::path fixtures() {
  return fs::path(HOTSPOT_FIXTURES_DIR);
}
inline fs::path geodata() {
  return fs::path(HOTSPOT_SOURCE_DIR) / "geodata";
}

/// A fresh folder under the system temp dir, removed at scope exit.
struct TempDir {
  fs::path path;
  TempDir() {
    std::random_device rd;
    path =
        fs::temp_directory_path() / ("hotspot-test-" + std::to_string(rd()) + std::to_string(rd()));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
    fs::remove_all(rejects(), ec);
  }
  fs::path operator/(const std::string& name) const { return path / name; }
  /// Where rejects of outputs in this folder go by default: beside it, never in it.
  fs::path rejects() const { return path.string() + "-rejects"; }
  fs::path rejects(const std::string& name) const { return rejects() / name; }
};

inline std::string slurp(const fs::path& p) {
  std::ifstream is(p, std::ios::binary);
  std::ostringstream ss;
  ss << is.rdbuf();
  return ss.str();
}

inline void spit(const fs::path& p, const std::string& s) {
  std::ofstream os(p, std::ios::binary);
  os << s;
}

struct RunResult {
  int exit_code;
  std::string out;  // stdout
  std::string err;  // stderr
};

/// Run the hotspot CLI with `args` (shell-quoted by the caller where needed).
inline RunResult run_cli(const std::string& args,
                         const fs::path& workdir = fs::temp_directory_path()) {
  TempDir io;
  const std::string cmd = "cd '" + workdir.string() + "' && '" + std::string(HOTSPOT_CLI) + "' " +
                          args + " > '" + (io / "out").string() + "' 2> '" + (io / "err").string() +
                          "'";
  const int st = std::system(cmd.c_str());
  return {WIFEXITED(st) ? WEXITSTATUS(st) : -1, slurp(io / "out"), slurp(io / "err")};
}

/// Run the CLI under a shell prefix: `limits` is run in the same subshell first (e.g.
/// "ulimit -f 40" for a file-size limit that stands in for a full disk; SIGXFSZ is ignored
/// so a write fails with EFBIG instead of killing the process), and the whole command is
/// bounded by `timeout_s` (exit 124 when it hangs).
inline RunResult run_cli_limited(const std::string& limits, const std::string& args,
                                 int timeout_s = 120,
                                 const fs::path& workdir = fs::temp_directory_path()) {
  TempDir io;
  const std::string cmd = "cd '" + workdir.string() + "' && timeout " + std::to_string(timeout_s) +
                          " sh -c \"trap '' XFSZ; " + limits + "; exec '" +
                          std::string(HOTSPOT_CLI) + "' \\\"\\$@\\\"\" hotspot " + args + " > '" +
                          (io / "out").string() + "' 2> '" + (io / "err").string() + "'";
  const int st = std::system(cmd.c_str());
  return {WIFEXITED(st) ? WEXITSTATUS(st) : -1, slurp(io / "out"), slurp(io / "err")};
}

/// A CSV file as rows of named fields.
inline std::vector<std::map<std::string, std::string>> read_csv(const fs::path& p) {
  hotspot::io::MappedFile f(p.string());
  hotspot::io::CsvReader r(f.data());
  std::vector<std::string_view> fields;
  std::vector<std::string> header;
  r.next(fields);
  for (auto v : fields) header.emplace_back(v);
  std::vector<std::map<std::string, std::string>> rows;
  while (r.next(fields)) {
    std::map<std::string, std::string> row;
    for (std::size_t i = 0; i < header.size() && i < fields.size(); ++i)
      row[header[i]] = std::string(fields[i]);
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace test
