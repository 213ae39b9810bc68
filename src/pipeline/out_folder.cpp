#include "hotspot/pipeline/out_folder.hpp"

#include <fcntl.h>
#include <stdio.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <fstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "hotspot/core/error.hpp"

namespace hotspot::pipeline {

namespace fs = std::filesystem;

namespace {

fs::path sibling(const fs::path& out, const std::string& suffix) {
  return out.parent_path() / ("." + out.filename().string() + suffix);
}

std::string read_small(int fd) {
  char buf[512];
  const ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
  return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
}

/// The out folder as one absolute name without a trailing separator ("out/", "." and "a/.."
/// name their folder).
fs::path normal_out(const fs::path& p) {
  fs::path out = fs::absolute(p).lexically_normal();
  if (out.filename().empty()) out = out.parent_path();
  return out;
}

// Files hotspot wrote into out folders before the manifest listed every file.
bool written_by_older_hotspot(const std::string& rel) {
  const std::string name = fs::path(rel).filename().string();
  auto ends = [&](const char* s) {
    return name.size() >= std::strlen(s) &&
           name.compare(name.size() - std::strlen(s), std::string::npos, s) == 0;
  };
  return ends(".rejects.csv") || (name.rfind("team_", 0) == 0 && ends(".gpx"));
}

}  // namespace

OutFolderLock::OutFolderLock(const fs::path& out_dir) {
  const fs::path out = normal_out(out_dir);
  check_replaceable(out);  // before a lock file is made beside a folder that is not ours
  fs::create_directories(out.parent_path());
  const fs::path lock = sibling(out, ".lock");
  fd_ = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0)
    throw Error(
        ErrorCode::Output,
        fmt::format("cannot create the lock file {}: {}", lock.string(), std::strerror(errno)),
        {out.string()}, "check that the folder above the out folder exists and is writable");
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    const std::string who = read_small(fd_);
    ::close(fd_);
    fd_ = -1;
    throw Error(ErrorCode::Output,
                fmt::format("the out folder {} is in use by another hotspot run ({})", out.string(),
                            who.empty() ? "process unknown" : who.substr(0, who.find('\n'))),
                {out.string()},
                "wait until that run has finished, or give this run another --out folder");
  }
  const std::time_t now = std::time(nullptr);
  char when[32];
  std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  const std::string who = fmt::format("process {} since {}\n", ::getpid(), when);
  if (::ftruncate(fd_, 0) != 0 ||
      ::pwrite(fd_, who.data(), who.size(), 0) != static_cast<ssize_t>(who.size())) {
    // The lock holds without the note; the note only names us to a second run.
  }
}

OutFolderLock::~OutFolderLock() {
  if (fd_ >= 0) ::close(fd_);  // releases the flock
}

void check_replaceable(const fs::path& out_dir) {
  const fs::path out_ = normal_out(out_dir);
  if (!fs::exists(out_)) return;
  if (!fs::is_directory(out_))
    throw Error(ErrorCode::Usage, fmt::format("the out folder {} is a file", out_.string()),
                {out_.string()}, "give a folder name with --out or [run] out");
  const fs::path mf = out_ / "manifest.json";
  std::vector<std::string> listed;
  bool ours = false;
  if (fs::exists(mf)) {
    try {
      std::ifstream is(mf);
      const auto m = nlohmann::json::parse(is);
      ours = m.contains("tool") && m["tool"].value("name", "") == "hotspot";
      if (ours && m.contains("outputs"))
        for (const auto& o : m["outputs"]) listed.push_back(o.value("file", ""));
    } catch (const std::exception&) {
      ours = false;
    }
  }
  const std::string fix =
      "a run replaces its out folder as a whole: move those files elsewhere, or give an empty or "
      "new folder with --out";
  auto names_of = [](const std::vector<std::string>& v, std::size_t total) {
    std::string names;
    for (std::size_t i = 0; i < v.size() && i < 3; ++i) names += (i ? ", " : "") + v[i];
    if (total > 3) names += fmt::format(" and {} more", total - 3);
    return names;
  };
  if (!ours) {
    // Not ours: name a few entries without walking what may be a whole disk.
    std::vector<std::string> first;
    std::size_t n = 0;
    for (const auto& e : fs::directory_iterator(out_)) {
      if (first.size() < 3) first.push_back(e.path().filename().string());
      if (++n > 1000) break;
    }
    std::sort(first.begin(), first.end());
    if (n == 0) return;
    throw Error(
        ErrorCode::Usage,
        fmt::format(
            "the out folder {} is not empty and is not a hotspot out folder (no manifest.json): {}",
            out_.string(), names_of(first, n)),
        {out_.string()}, fix);
  }
  std::vector<std::string> strangers;
  for (const auto& f : list_files(out_))
    if (f != "manifest.json" && std::find(listed.begin(), listed.end(), f) == listed.end() &&
        !written_by_older_hotspot(f))
      strangers.push_back(f);
  if (!strangers.empty())
    throw Error(
        ErrorCode::Usage,
        fmt::format("the out folder {} holds files that its manifest.json does not list: {}",
                    out_.string(), names_of(strangers, strangers.size())),
        {out_.string()}, fix);
}

std::vector<std::string> list_files(const fs::path& dir) {
  std::vector<std::string> out;
  if (!fs::is_directory(dir)) return out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (!e.is_directory()) out.push_back(fs::relative(e.path(), dir).generic_string());
  std::sort(out.begin(), out.end());
  return out;
}

StagedRun::StagedRun(fs::path out_dir) : out_(normal_out(out_dir)) {
  const fs::path parent = out_.parent_path();
  const std::string prefix = "." + out_.filename().string() + ".";
  // A run killed inside the fallback switch (no RENAME_EXCHANGE) left the previous folder
  // as .<out>.old-<pid> and no <out>: put it back.
  for (const auto& e : fs::directory_iterator(parent)) {
    const std::string n = e.path().filename().string();
    if (n.rfind(prefix + "old-", 0) == 0 && !fs::exists(out_)) fs::rename(e.path(), out_);
  }
  // Staging folders of runs that were killed (we hold the lock: no other run is writing).
  for (const auto& e : fs::directory_iterator(parent)) {
    const std::string n = e.path().filename().string();
    if (n.rfind(prefix + "staging-", 0) == 0 || n.rfind(prefix + "old-", 0) == 0)
      fs::remove_all(e.path());
  }
  check_replaceable(out_);
  staging_ = parent / (prefix + "staging-" + std::to_string(::getpid()));
  fs::create_directory(staging_);
}

StagedRun::~StagedRun() {
  if (published_) return;
  std::error_code ec;
  fs::remove_all(staging_, ec);
}

void StagedRun::publish() {
  // Make the new files durable before the switch (a power cut after it must not show a
  // folder of empty files).
  for (const auto& f : list_files(staging_)) {
    const int fd = ::open((staging_ / f).c_str(), O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
      ::fsync(fd);
      ::close(fd);
    }
  }
  if (!fs::exists(out_)) {
    fs::rename(staging_, out_);
    published_ = true;
    return;
  }
  if (::renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, out_.c_str(), RENAME_EXCHANGE) == 0) {
    published_ = true;
    std::error_code ec;
    fs::remove_all(staging_, ec);  // now the previous run's folder
    return;
  }
  if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
    throw Error(ErrorCode::Output,
                fmt::format("cannot switch the new results into {}: {}", out_.string(),
                            std::strerror(errno)),
                {out_.string()}, "check that the out folder and the folder above it are writable");
  // No RENAME_EXCHANGE on this file system: two renames; a run killed between them is
  // repaired by the next one (see the constructor).
  const fs::path old =
      out_.parent_path() / ("." + out_.filename().string() + ".old-" + std::to_string(::getpid()));
  fs::rename(out_, old);
  fs::rename(staging_, out_);
  published_ = true;
  std::error_code ec;
  fs::remove_all(old, ec);
}

}  // namespace hotspot::pipeline
