#pragma once
// What a run carries instead of globals: verbosity, thread count, where messages go, and
// progress display (on a terminal only). Passed by reference to every stage.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

namespace hotspot {

enum class Verbosity { Quiet = 0, Normal = 1, Verbose = 2 };

class RunContext {
 public:
  RunContext();
  Verbosity verbosity = Verbosity::Normal;
  unsigned threads = 0;  ///< 0 = all cores
  std::FILE* log_stream = stderr;
  std::vector<std::string>* summaries =
      nullptr;  ///< where summary lines are also recorded (pipelines)
  bool progress_lines =
      false;  ///< progress as lines "progress: <label> N%" (for tools; --progress-lines)
  std::uint64_t memory_budget_bytes = 0;  ///< 0 = 80 % of physical memory (--max-memory-mb)
  /// Paths written in messages as another: a pipeline's staging folder as the out folder it
  /// becomes, so that no message names a folder that is gone after the run.
  std::vector<std::pair<std::string, std::string>> shown_paths;
  /// `text` with every path of shown_paths replaced.
  std::string shown(std::string text) const;

  unsigned thread_count() const noexcept;
  /// Bytes a computation may use: memory_budget_bytes, or 80 % of physical memory.
  std::uint64_t memory_budget() const noexcept;
  bool progress_enabled() const noexcept;  ///< a terminal on stderr and not quiet

  template <typename... A>
  void info(fmt::format_string<A...> f, A&&... a) {
    if (verbosity >= Verbosity::Normal) write_line(fmt::format(f, std::forward<A>(a)...));
  }
  template <typename... A>
  void warn(fmt::format_string<A...> f, A&&... a) {
    if (verbosity >= Verbosity::Normal)
      write_line("warning: " + fmt::format(f, std::forward<A>(a)...));
  }
  template <typename... A>
  void debug(fmt::format_string<A...> f, A&&... a) {
    if (verbosity >= Verbosity::Verbose) write_line(fmt::format(f, std::forward<A>(a)...));
  }
  /// With --verbose: "time: <step> 0.123 s" since the previous lap (or the start of the run).
  void lap(std::string_view step);
  /// Always printed, even with --quiet (the reconciliation summary line).
  void always(const std::string& line) {
    if (summaries) summaries->push_back(line);
    write_line(line);
  }

 private:
  friend class Progress;
  void write_line(const std::string& line);
  std::mutex mutex_;
  bool tty_ = false;
  bool progress_shown_ = false;
  std::chrono::steady_clock::time_point lap_ = std::chrono::steady_clock::now();
};

/// "12 KB", "340 MB", "1.8 GB", "2.4e+03 TB": a size a person reads at a glance.
std::string human_bytes(double bytes);

/// A progress line "label  42%" redrawn in place on a terminal; silent when piped.
/// Thread-safe `advance`; redraws at most every 1 %.
class Progress {
 public:
  Progress(RunContext& ctx, std::string label, std::uint64_t total);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;
  void advance(std::uint64_t n);
  void finish();

 private:
  void draw(unsigned pct);
  RunContext& ctx_;
  std::string label_;
  std::uint64_t total_;
  std::atomic<std::uint64_t> done_{0};
  std::atomic<unsigned> shown_pct_{0};
  bool enabled_;
  bool lines_;
  bool finished_ = false;
};

}  // namespace hotspot
