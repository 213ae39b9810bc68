#include "hotspot/core/point_buckets.hpp"

namespace hotspot {

PointBuckets::PointBuckets(const double* x, const double* y, std::size_t n, double size,
                           std::int64_t max_buckets)
    : size_(size > 0 ? size : 1.0) {
  if (n == 0) {
    start_.assign(2, 0);
    return;
  }
  const auto [xa, xb] = std::minmax_element(x, x + n);
  const auto [ya, yb] = std::minmax_element(y, y + n);
  x0_ = *xa;
  y0_ = *ya;
  // Plain copies: a lambda may not capture structured bindings before C++20's P1091 (clang 14).
  const double x1 = *xb, y1 = *yb;
  auto dims = [&] {
    nx_ = static_cast<std::int64_t>((x1 - x0_) / size_) + 1;
    ny_ = static_cast<std::int64_t>((y1 - y0_) / size_) + 1;
  };
  dims();
  while (nx_ * ny_ > max_buckets) {
    size_ *= 2;
    dims();
  }
  start_.assign(static_cast<std::size_t>(nx_ * ny_) + 1, 0);
  for (std::size_t i = 0; i < n; ++i) ++start_[key(x[i], y[i]) + 1];
  for (std::size_t b = 0; b + 1 < start_.size(); ++b) start_[b + 1] += start_[b];
  idx_.resize(n);
  std::vector<std::size_t> fill(start_.begin(), start_.end() - 1);
  for (std::size_t i = 0; i < n; ++i) idx_[fill[key(x[i], y[i])]++] = static_cast<std::uint32_t>(i);
}

}  // namespace hotspot
