#pragma once
// All-or-nothing runs. A pipeline run owns its out folder for its whole length (a lock beside
// it), writes everything into a staging folder beside it and publishes with one atomic switch
// (renameat2 RENAME_EXCHANGE of the two folders). Whatever happens before the switch, the out
// folder holds exactly the previous run's files; after it, exactly the new run's, files the
// run no longer makes included. The folder is replaced as a whole, so hotspot refuses one that
// holds files its manifest does not list (it would delete them).
//
//   <parent>/<out>                the published run (manifest.json lists every file)
//   <parent>/.<out>.lock          flock(2) while a run uses <out>; holds the runner's pid
//   <parent>/.<out>.staging-<pid> the run being written (removed when it fails)
#include <filesystem>
#include <string>
#include <vector>

namespace hotspot::pipeline {

/// Exclusive use of one out folder. @throws Error(Output) naming the process that holds it.
class OutFolderLock {
 public:
  explicit OutFolderLock(const std::filesystem::path& out_dir);
  ~OutFolderLock();
  OutFolderLock(const OutFolderLock&) = delete;
  OutFolderLock& operator=(const OutFolderLock&) = delete;

 private:
  int fd_ = -1;
};

/// The files of a folder, relative and sorted ('/' separated), folders left out.
std::vector<std::string> list_files(const std::filesystem::path& dir);

/// @throws Error(Usage) unless `out_dir` is absent, empty, or a hotspot out folder whose
/// manifest lists every file in it (a run replaces it whole and would delete the others).
void check_replaceable(const std::filesystem::path& out_dir);

/// The staging folder of one run (hold the OutFolderLock first).
class StagedRun {
 public:
  /// Repairs and removes what killed runs left, checks `out_dir` (check_replaceable) and
  /// creates a fresh staging folder.
  explicit StagedRun(std::filesystem::path out_dir);
  ~StagedRun();  ///< removes the staging folder unless publish() was called
  StagedRun(const StagedRun&) = delete;
  StagedRun& operator=(const StagedRun&) = delete;

  const std::filesystem::path& dir() const noexcept { return staging_; }
  const std::filesystem::path& out_dir() const noexcept { return out_; }
  /// Switch the staging folder in as the out folder (one atomic rename where the file system
  /// has RENAME_EXCHANGE, else two renames), then remove the previous run's folder.
  /// @throws Error(Output)
  void publish();

 private:
  std::filesystem::path out_;
  std::filesystem::path staging_;
  bool published_ = false;
};

}  // namespace hotspot::pipeline
