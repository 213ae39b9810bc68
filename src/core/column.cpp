#include "hotspot/core/column.hpp"

#include <sys/mman.h>

namespace hotspot::detail {

namespace {
constexpr std::size_t kHuge = std::size_t{2} << 20;  // x86-64 and arm64 PMD size
constexpr std::size_t kBig = std::size_t{1} << 20;
}  // namespace

void* column_allocate(std::size_t bytes) {
  if (bytes < kBig) return ::operator new(bytes);
  const std::size_t rounded = (bytes + kHuge - 1) / kHuge * kHuge;
  void* p = ::operator new(rounded, std::align_val_t(kHuge));
  ::madvise(p, rounded, MADV_HUGEPAGE);  // advice only: ignored where THP is off
  return p;
}

void column_deallocate(void* p, std::size_t bytes) noexcept {
  if (bytes < kBig) {
    ::operator delete(p);
    return;
  }
  ::operator delete(p, std::align_val_t(kHuge));
}

}  // namespace hotspot::detail
