#pragma once
// Outputs are written to a temporary file beside the target and renamed over it only when
// complete, so a failed or killed run never leaves a half-written result and keeps the
// previous one (rename(2) is atomic within a file system). Every write and the close are
// checked: a full disk or a file-size limit is an Error(Output), the temporary file is
// removed and the target keeps its previous content.
#include <filesystem>
#include <string>
#include <string_view>

namespace hotspot {

class AtomicFile {
 public:
  explicit AtomicFile(std::filesystem::path target);
  ~AtomicFile();  ///< removes the temporary file unless commit() was called
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  AtomicFile(AtomicFile&&) noexcept;
  AtomicFile& operator=(AtomicFile&&) = delete;

  /// Path to write to: same folder and extension as the target, hidden temporary name.
  const std::filesystem::path& temp_path() const noexcept { return temp_; }
  const std::filesystem::path& target() const noexcept { return target_; }
  /// Append bytes to the temporary file (opened on first use). @throws Error(Output)
  void append(std::string_view bytes);
  /// Close what append() wrote (checked), then rename the temporary file over the target.
  /// @throws Error(Output)
  void commit();

 private:
  [[noreturn]] void fail(const char* what, int err);
  std::filesystem::path target_;
  std::filesystem::path temp_;
  int fd_ = -1;
  bool done_ = false;
};

/// Write a whole text file atomically. @throws Error(Output)
void write_file_atomically(const std::filesystem::path& target, const std::string& content);

}  // namespace hotspot
