#pragma once
// RAII for cairo handles (render and chart).
#include <cairo.h>

#include <memory>

namespace hotspot::mapping {

struct CairoSurfaceDeleter {
  void operator()(cairo_surface_t* s) const noexcept { cairo_surface_destroy(s); }
};
struct CairoDeleter {
  void operator()(cairo_t* c) const noexcept { cairo_destroy(c); }
};
using CairoSurfacePtr = std::unique_ptr<cairo_surface_t, CairoSurfaceDeleter>;
using CairoPtr = std::unique_ptr<cairo_t, CairoDeleter>;

}  // namespace hotspot::mapping
