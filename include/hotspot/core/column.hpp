#pragma once
// Large numeric buffers (incident columns, grids): `Column<T>` is a std::vector whose
// resize() leaves new numbers uninitialised and whose big allocations ask the kernel for
// transparent huge pages.
//
// Why: readers size a column once and fill every slot from parallel threads, so zeroing it
// first (one thread touching every page) costs as much as the parse; and on 4 KiB pages a
// million-incident table takes ~11,000 page faults, which on virtual machines cost more than
// the parsing itself. With MADV_HUGEPAGE (honoured when THP is "madvise" or "always") the
// same table takes a few dozen. Measured on `density` with 1M incidents: 0.75 s -> 0.58 s.
#include <cstddef>
#include <memory>
#include <new>
#include <vector>

namespace hotspot {

namespace detail {
/// Allocate `bytes`; 2 MiB aligned and advised for huge pages when at least 1 MiB.
void* column_allocate(std::size_t bytes);
void column_deallocate(void* p, std::size_t bytes) noexcept;
}  // namespace detail

template <class T>
struct ColumnAllocator {
  using value_type = T;
  template <class U>
  struct rebind {
    using other = ColumnAllocator<U>;
  };
  ColumnAllocator() noexcept = default;
  template <class U>
  ColumnAllocator(const ColumnAllocator<U>&) noexcept {}
  T* allocate(std::size_t n) {
    if (n > static_cast<std::size_t>(-1) / sizeof(T)) throw std::bad_array_new_length();
    return static_cast<T*>(detail::column_allocate(n * sizeof(T)));
  }
  void deallocate(T* p, std::size_t n) noexcept { detail::column_deallocate(p, n * sizeof(T)); }
  /// Value-initialisation becomes default-initialisation: resize(n) leaves numbers as they are.
  template <class U>
  void construct(U* p) noexcept(noexcept(::new (static_cast<void*>(p)) U)) {
    ::new (static_cast<void*>(p)) U;
  }
  template <class U, class... A>
  void construct(U* p, A&&... a) {
    ::new (static_cast<void*>(p)) U(std::forward<A>(a)...);
  }
  template <class U>
  bool operator==(const ColumnAllocator<U>&) const noexcept {
    return true;
  }
};

template <class T>
using Column = std::vector<T, ColumnAllocator<T>>;

}  // namespace hotspot
