#pragma once
// The one way hotspot runs work in parallel. A worker that throws does not take the process
// down (an exception escaping a std::thread calls std::terminate): the first exception is
// kept, the other workers finish their share, and it is rethrown in the calling thread, so
// an Error raised in a worker reaches the CLI and becomes its documented exit code.
#include <algorithm>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace hotspot {

/// Run `task(t)` for t in [0, tasks) on `tasks` threads (task 0 on the caller's thread).
/// @throws whatever the first failing task threw, after every task has ended.
template <class F>
void parallel_tasks(unsigned tasks, F&& task) {
  if (tasks <= 1) {
    if (tasks == 1) task(0u);
    return;
  }
  std::exception_ptr first;
  std::mutex m;
  auto guarded = [&](unsigned t) {
    try {
      task(t);
    } catch (...) {
      std::lock_guard lock(m);
      if (!first) first = std::current_exception();
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(tasks - 1);
  try {
    for (unsigned t = 1; t < tasks; ++t) pool.emplace_back(guarded, t);
  } catch (...) {  // thread creation failed: run the rest here
    for (unsigned t = static_cast<unsigned>(pool.size()) + 1; t < tasks; ++t) guarded(t);
  }
  guarded(0);
  for (auto& th : pool) th.join();
  if (first) std::rethrow_exception(first);
}

/// Split [0, n) into at most `threads` contiguous ranges of at least `min_chunk` items and
/// run `body(begin, end)` on each, in parallel. Ranges are fixed by n and the thread count
/// alone, so results that depend on the split are still deterministic for a given count.
/// @throws whatever the first failing range threw, after every range has ended.
template <class F>
void parallel_for(std::size_t n, unsigned threads, F&& body, std::size_t min_chunk = 1) {
  if (n == 0) return;
  const std::size_t by_size = std::max<std::size_t>(1, n / std::max<std::size_t>(1, min_chunk));
  const auto t =
      static_cast<unsigned>(std::max<std::size_t>(1, std::min<std::size_t>(threads, by_size)));
  parallel_tasks(t, [&](unsigned k) { body(n * k / t, n * (k + 1) / t); });
}

}  // namespace hotspot
