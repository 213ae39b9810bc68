#include "hotspot/core/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>

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
    : target_(std::move(o.target_)), temp_(std::move(o.temp_)), fd_(o.fd_), done_(o.done_) {
  o.fd_ = -1;
  o.done_ = true;
}

AtomicFile::~AtomicFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!done_) {
    std::error_code ec;
    fs::remove(temp_, ec);
  }
}

void AtomicFile::fail(const char* what, int err) {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  std::error_code ec;
  fs::remove(temp_, ec);
  done_ = true;
  throw Error(ErrorCode::Output, fmt::format("{}: {}", what, std::strerror(err)),
              {target_.string()},
              err == ENOSPC || err == EFBIG || err == EDQUOT
                  ? "free disk space (the previous file is kept)"
                  : "check that the folder exists and is writable");
}

void AtomicFile::append(std::string_view bytes) {
  if (fd_ < 0) {
    fd_ = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd_ < 0) fail("cannot create the file", errno);
  }
  while (!bytes.empty()) {
    const ssize_t w = ::write(fd_, bytes.data(), bytes.size());
    if (w < 0) {
      if (errno == EINTR) continue;
      fail("cannot write the file", errno);
    }
    if (w == 0) fail("cannot write the file", ENOSPC);
    bytes.remove_prefix(static_cast<std::size_t>(w));
  }
}

void AtomicFile::commit() {
  if (fd_ >= 0) {
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) {
      const int err = errno;
      fail("cannot finish writing the file", err);
    }
  }
  std::error_code ec;
  fs::rename(temp_, target_, ec);
  if (ec)
    throw Error(ErrorCode::Output,
                fmt::format("cannot move the finished file into place: {}", ec.message()),
                {target_.string()}, "check that the folder is writable");
  done_ = true;
}

void write_file_atomically(const fs::path& target, const std::string& content) {
  AtomicFile f(target);
  f.append(content);
  f.commit();
}

}  // namespace hotspot
