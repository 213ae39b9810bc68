#pragma once
// Contiguity of polygons (stage `join.contiguity`), for spatial weights: queen = the
// boundaries share at least one point; rook = they share a stretch of boundary of positive
// length. Exact GEOS predicates, candidates from an STR tree.
#include <cstdint>
#include <vector>

#include "hotspot/geom/table.hpp"

namespace hotspot::join {

struct Contiguity {
  std::vector<std::vector<std::int32_t>> queen, rook;  ///< ascending neighbour indices
};

Contiguity polygon_contiguity(const AreaLayer& areas);

}  // namespace hotspot::join
