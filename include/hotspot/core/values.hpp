#pragma once
// Small helpers on attribute values and text shared by the writers and the CLI.
#include <optional>
#include <string>

#include "hotspot/core/value.hpp"

namespace hotspot {

/// A value as text ("" for null); integers without decimals, reals in shortest form.
std::string value_text(const Value& v);
/// A value as a number: integers, reals, and texts that are numbers; nullopt otherwise.
std::optional<double> value_number(const Value& v);
/// Escape &, <, > and " for XML (QML, QGIS projects, GPX).
std::string xml_escape(const std::string& s);

}  // namespace hotspot
