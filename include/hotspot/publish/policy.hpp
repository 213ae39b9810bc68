#pragma once
// The publication policy (issue 15): incident records are personal data, so what leaves the tool
// is published by default and aggregates. Every command that writes results declares the same
// two options and hands its results to this folder's functions before they are written:
//
//   --suppress-below N  counts 1 .. N-1 are withheld (default 5), with complementary
//                       suppression so that no withheld count can be derived from totals,
//                       other columns, other rows or other layers of the same run;
//   --internal          exact values, every output marked "INTERN - niet publiceren".
//
// counts.hpp protects count tables (and every quantity derived from a count), surface.hpp
// density rasters; the steps say what they write, this folder decides what may be published.
#include <string>

#include "hotspot/core/options.hpp"

namespace hotspot::publish {

inline constexpr const char* kInternalMark = "INTERN - niet publiceren";
inline constexpr const char* kSuppressedColumn = "suppressed";

struct Policy {
  bool internal = false;   ///< exact values, marked internal
  int suppress_below = 5;  ///< k: counts 1 .. k-1 are withheld in published outputs

  bool published() const noexcept { return !internal; }
  /// The layer description written into GeoJSON/GeoPackage/GeoTIFF metadata.
  std::string description() const;
};

/// --suppress-below and --internal, as every result-writing step has them.
void declare(OptionSet& set, Policy& p);
/// @throws Error(Usage) for a threshold below 2 without --internal.
void validate(const Policy& p);

/// A published layer of places (score's locations, route's stops) must not be the incidents
/// themselves: refuse `places` when it is the same file as `incidents` (`option` names it).
/// @throws Error(Usage)
void refuse_incidents_as_places(const Policy& p, const std::string& places,
                                const std::string& incidents, const std::string& option);

}  // namespace hotspot::publish
