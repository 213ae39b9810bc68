#include "hotspot/core/run_context.hpp"

#include <unistd.h>

#include <thread>

namespace hotspot {

RunContext::RunContext() : tty_(::isatty(STDERR_FILENO) == 1) {}

unsigned RunContext::thread_count() const noexcept {
  if (threads > 0) return threads;
  const unsigned hw = std::thread::hardware_concurrency();
  return hw == 0 ? 1 : hw;
}

std::uint64_t RunContext::memory_budget() const noexcept {
  if (memory_budget_bytes > 0) return memory_budget_bytes;
  const long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
  if (pages <= 0 || page <= 0) return 4ULL << 30;
  return static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page) / 10 * 8;
}

std::string human_bytes(double b) {
  if (!(b < 1e15)) return fmt::format("{:.2g} TB", b / 1e12);
  if (b >= 1e12) return fmt::format("{:.1f} TB", b / 1e12);
  if (b >= 1e9) return fmt::format("{:.1f} GB", b / 1e9);
  if (b >= 1e6) return fmt::format("{:.0f} MB", b / 1e6);
  if (b >= 1e3) return fmt::format("{:.0f} KB", b / 1e3);
  return fmt::format("{:.0f} bytes", b);
}

bool RunContext::progress_enabled() const noexcept {
  return tty_ && log_stream == stderr && verbosity != Verbosity::Quiet;
}

void RunContext::lap(std::string_view step) {
  const auto now = std::chrono::steady_clock::now();
  const double s = std::chrono::duration<double>(now - lap_).count();
  lap_ = now;
  debug("time: {} {:.3f} s", step, s);
}

std::string RunContext::shown(std::string text) const {
  for (const auto& [from, to] : shown_paths) {
    if (from.empty()) continue;
    for (std::size_t pos = text.find(from); pos != std::string::npos;
         pos = text.find(from, pos + to.size()))
      text.replace(pos, from.size(), to);
  }
  return text;
}

void RunContext::write_line(const std::string& raw) {
  const std::string line = shown(raw);
  std::lock_guard lock(mutex_);
  if (progress_shown_) {
    std::fputs("\r\033[K", log_stream);
    progress_shown_ = false;
  }
  std::fputs(line.c_str(), log_stream);
  std::fputc('\n', log_stream);
  std::fflush(log_stream);
}

Progress::Progress(RunContext& ctx, std::string label, std::uint64_t total)
    : ctx_(ctx),
      label_(std::move(label)),
      total_(total == 0 ? 1 : total),
      enabled_(ctx.progress_enabled() || ctx.progress_lines),
      lines_(ctx.progress_lines) {
  if (enabled_) draw(0);
}

Progress::~Progress() {
  finish();
}

void Progress::advance(std::uint64_t n) {
  if (!enabled_) return;
  const std::uint64_t d = done_.fetch_add(n) + n;
  const auto pct = static_cast<unsigned>(std::min<std::uint64_t>(100, d * 100 / total_));
  unsigned prev = shown_pct_.load();
  if (pct > prev && shown_pct_.compare_exchange_strong(prev, pct)) draw(pct);
}

void Progress::finish() {
  if (!enabled_ || finished_) return;
  finished_ = true;
  if (lines_) return;
  std::lock_guard lock(ctx_.mutex_);
  std::fputs("\r\033[K", ctx_.log_stream);
  std::fflush(ctx_.log_stream);
  ctx_.progress_shown_ = false;
}

void Progress::draw(unsigned pct) {
  std::lock_guard lock(ctx_.mutex_);
  if (lines_) {  // for a program reading stderr: a whole line every 5 %
    if (pct % 5 != 0) return;
    const std::string s = "progress: " + label_ + " " + std::to_string(pct) + "%\n";
    std::fputs(s.c_str(), ctx_.log_stream);
    std::fflush(ctx_.log_stream);
    return;
  }
  const unsigned bar = pct / 5;
  std::string s = "\r" + label_ + " [" + std::string(bar, '#') + std::string(20 - bar, ' ') + "] " +
                  std::to_string(pct) + "%";
  std::fputs(s.c_str(), ctx_.log_stream);
  std::fflush(ctx_.log_stream);
  ctx_.progress_shown_ = true;
}

}  // namespace hotspot
