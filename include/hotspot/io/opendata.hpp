#pragma once
// The police's open figures (issue 17): registered crime per wijk and buurt, as CBS and the
// police publish them (tables 47022NED, 47024NED ...), in the OData TypedDataSet JSON
// ({"value": [{"SoortMisdrijf": "0.0.0 ", "WijkenEnBuurten": "BU01500101", "Perioden":
// "2023MM01", "GeregistreerdeMisdrijven_1": 12}, ...]}) or the CSV download (the same
// columns, ';', quoted). The traps, each handled:
// - codes carry trailing spaces ("0.0.0 ", "GM0150    "): keys are trimmed;
// - "0.0.0" is the total over all crime types, a roll-up never added to its parts;
// - months ("2023MM01") and years ("2023JJ00") share the period column: kept apart, as
//   "2023-01" and "2023";
// - an empty (or ".") value is suppressed by the publisher: it stays empty, never 0.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "hotspot/geom/table.hpp"

namespace hotspot::io {

struct OpenFigure {
  std::string crime;            ///< trimmed code, "0.0.0" = all crime types
  std::string region;           ///< trimmed code: BU01500101, WK015001, GM0150, NL00
  std::string period;           ///< "2023" or "2023-01"
  std::optional<double> value;  ///< nullopt = suppressed
};

struct OpenData {
  std::vector<OpenFigure> rows;
  std::string measure;  ///< the value column read (GeregistreerdeMisdrijven_1 ...)
};

/// Read a TypedDataSet JSON or the CSV download. @throws Error(InputMissing/InputFormat)
/// naming the columns it needs.
OpenData read_opendata(const std::string& path);

/// "2023MM01" -> "2023-01", "2023JJ00" -> "2023", "2023KW02" -> "2023Q2"; "" when unknown.
std::string open_period(const std::string& code);

/// The figures joined to an area layer by its code column (buurtcode, wijkcode, statcode ...
/// holding the region codes): the area's attributes, then one column per crime type and
/// period `m_<crime>_<period>` ("m_0_0_0_2023", "m_1_1_1_2023_01"), empty where suppressed
/// or absent. `crimes` and `periods` select (empty = the total "0.0.0" and every period).
/// @throws Error(InputFormat) when no area code matches any region.
Table join_opendata(const OpenData& d, const AreaLayer& areas,
                    const std::vector<std::string>& crimes, const std::vector<std::string>& periods,
                    std::string* code_column);

}  // namespace hotspot::io
