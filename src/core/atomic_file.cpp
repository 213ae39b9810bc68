#include "hotspot/core/atomic_file.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <fstream>

#include <fmt/format.h>

#include "hotspot/core/error.hpp"

namespace hotspot {
namespace fs = std::filesystem;

AtomicFile::AtomicFile(fs::path target) : target_(std::move(target)) {
  // pid + a per-process sequence make the name unique; the counter is the only shared
  // state and it is atomic.
  static std::atomic<unsigned> seq{0};
  const fs::path dir = target_.has_parent_path() ? target_.parent_path() : fs::path(".");
  std::error_code ec;
  if (!dir.empty()) fs::create_directories(dir, ec);
  if (ec)
    throw Error(ErrorCode::Output, fmt::format("cannot create folder: {}", ec.message()),
                {dir.string()});
  temp_ = dir / fmt::format(".{}.tmp-{}-{}{}", target_.stem().string(), ::getpid(), seq++,
                            target_.extension().string());
  fs::remove(temp_, ec);
}

AtomicFile::AtomicFile(AtomicFile&& o) noexcept
    : target_(std::move(o.target_)), temp_(std::move(o.temp_)), done_(o.done_) {
  o.done_ = true;
}

AtomicFile::~AtomicFile() {
  if (!done_) {
    std::error_code ec;
    fs::remove(temp_, ec);
  }
}

void AtomicFile::commit() {
  std::error_code ec;
  fs::rename(temp_, target_, ec);
  if (ec)
    throw Error(ErrorCode::Output, fmt::format("cannot move the finished file into place: {}", ec.message()),
                {target_.string()}, "check that the folder is writable");
  done_ = true;
}

void write_file_atomically(const fs::path& target, const std::string& content) {
  AtomicFile f(target);
  {
    std::ofstream os(f.temp_path(), std::ios::binary);
    os << content;
    os.flush();
    if (!os)
      throw Error(ErrorCode::Output, "cannot write the file", {target.string()},
                  "check the folder exists, is writable and the disk is not full");
  }
  f.commit();
}

}  // namespace hotspot
