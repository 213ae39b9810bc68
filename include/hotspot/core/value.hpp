#pragma once
// Attribute values and fields, without any geometry library: what tables hold.
#include <cstdint>
#include <string>
#include <variant>

namespace hotspot {

enum class FieldType { Integer, Real, String };

struct Field {
  std::string name;
  FieldType type;
};

/// A null, an integer, a real or a text.
using Value = std::variant<std::monostate, std::int64_t, double, std::string>;

}  // namespace hotspot
