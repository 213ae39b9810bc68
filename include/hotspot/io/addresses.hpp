#pragma once
// Addresses to coordinates, offline and exact (issue 14): rows of an export that have an
// address but no coordinates are placed from an address file the municipality holds, such
// as PDOK's BAG GeoPackage (verblijfsobject points with openbare_ruimte_naam, huisnummer,
// huisletter, toevoeging, postcode, woonplaats_naam), or any CSV or vector layer with those
// columns found by name (straat, postcode, huisnummer, x/y or a point geometry).
//
// Matching is exact after normalising: case, spaces and diacritics in street and place
// names; "12a", "12 A" and "12-A" are one house number. Postcode + number is tried first,
// then street + number within the place (when the row names one), then street + number
// alone when that is unique in the file.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "hotspot/core/run_context.hpp"

namespace hotspot::io {

/// An address as an incident row has it: any of the parts may be empty.
struct AddressQuery {
  std::string street, number, letter, suffix, postcode, place;
  /// A one-field address "Keizerstraat 12 A" split into street and number + suffix.
  static AddressQuery from_line(std::string_view line);
  bool empty() const noexcept { return street.empty() && postcode.empty(); }
  std::string describe() const;  ///< "Keizerstraat 12A, 7411 HE Deventer"
};

class AddressBook {
 public:
  /// Read the address file into the working CRS. @throws Error when it cannot be read or
  /// has no house-number column.
  static AddressBook load(const std::string& path, const std::string& working_crs, RunContext& ctx);
  /// The point of the address, in the working CRS.
  std::optional<std::pair<double, double>> find(const AddressQuery& q) const;
  std::size_t size() const noexcept { return points_.size(); }

 private:
  std::vector<std::pair<double, double>> points_;
  std::unordered_map<std::string, std::int32_t> by_postcode_;  ///< postcode|number -> point
  std::unordered_map<std::string, std::int32_t> by_street_;    ///< street|place|number -> point
  std::unordered_map<std::string, std::int32_t>
      by_street_only_;  ///< street|number -> point, -1 when ambiguous
  void add(const AddressQuery& a, double x, double y);
};

/// "12", "a", "bis" -> "12abis"; "12-A" -> "12a"; "" when there is no number.
std::string normalise_house_number(std::string_view number, std::string_view letter,
                                   std::string_view suffix);
/// "7411 he" -> "7411HE"; "" when it is not a Dutch postcode (4 digits, 2 letters).
std::string normalise_postcode(std::string_view s);

}  // namespace hotspot::io
