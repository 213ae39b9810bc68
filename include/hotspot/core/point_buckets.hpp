#pragma once
// Points bucketed on a square grid (compressed rows; each bucket keeps input order): the
// neighbourhood index for "what lies within r metres of here" queries (score, route).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace hotspot {

class PointBuckets {
 public:
  /// Buckets of `size` metres over the points' bounding box, doubled until at most
  /// `max_buckets` of them.
  PointBuckets(const double* x, const double* y, std::size_t n, double size,
               std::int64_t max_buckets = 20'000'000);

  /// As query, but stops as soon as `f` returns true; returns whether it did.
  template <class F>
  bool query_until(double xmin, double ymin, double xmax, double ymax, F&& f) const {
    if (start_.back() == 0) return false;
    if (xmax < x0_ || ymax < y0_ || xmin > x0_ + static_cast<double>(nx_) * size_ ||
        ymin > y0_ + static_cast<double>(ny_) * size_)
      return false;
    for (std::int64_t yy = by(ymin); yy <= by(ymax); ++yy)
      for (std::int64_t xx = bx(xmin); xx <= bx(xmax); ++xx) {
        const auto b = static_cast<std::size_t>(yy * nx_ + xx);
        for (std::size_t k = start_[b]; k < start_[b + 1]; ++k)
          if (f(idx_[k])) return true;
      }
    return false;
  }

  /// Visit the index of every point in the buckets meeting [xmin, xmax] x [ymin, ymax], bucket
  /// by bucket (a superset: the caller tests the distance).
  template <class F>
  void query(double xmin, double ymin, double xmax, double ymax, F&& f) const {
    if (start_.back() == 0) return;
    if (xmax < x0_ || ymax < y0_ || xmin > x0_ + static_cast<double>(nx_) * size_ ||
        ymin > y0_ + static_cast<double>(ny_) * size_)
      return;
    for (std::int64_t yy = by(ymin); yy <= by(ymax); ++yy)
      for (std::int64_t xx = bx(xmin); xx <= bx(xmax); ++xx) {
        const auto b = static_cast<std::size_t>(yy * nx_ + xx);
        for (std::size_t k = start_[b]; k < start_[b + 1]; ++k) f(idx_[k]);
      }
  }

 private:
  std::int64_t bx(double x) const {
    return std::clamp<std::int64_t>(static_cast<std::int64_t>(std::floor((x - x0_) / size_)), 0,
                                    nx_ - 1);
  }
  std::int64_t by(double y) const {
    return std::clamp<std::int64_t>(static_cast<std::int64_t>(std::floor((y - y0_) / size_)), 0,
                                    ny_ - 1);
  }
  std::size_t key(double x, double y) const {
    return static_cast<std::size_t>(by(y) * nx_ + bx(x));
  }

  double x0_ = 0, y0_ = 0, size_ = 1;
  std::int64_t nx_ = 1, ny_ = 1;
  std::vector<std::size_t> start_;
  std::vector<std::uint32_t> idx_;
};

}  // namespace hotspot
