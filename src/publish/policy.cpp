#include "hotspot/publish/policy.hpp"

#include <filesystem>

#include <fmt/format.h>

#include "hotspot/core/error.hpp"

namespace hotspot::publish {

std::string Policy::description() const {
  if (internal) return fmt::format("{}: exact values (hotspot --internal)", kInternalMark);
  return fmt::format(
      "published by hotspot: counts 1-{} withheld (column suppressed), the others rounded to "
      "multiples of 5",
      suppress_below - 1);
}

void declare(OptionSet& s, Policy& p) {
  s.integer("suppress-below", &p.suppress_below,
            "Publication: counts 1 .. N-1 are withheld, with complementary suppression (2 or more)")
      .range(0, 1000)
      .group("publication");
  s.flag("internal", &p.internal,
         "Internal use: exact values, every output marked INTERN - niet publiceren")
      .group("publication");
}

void validate(const Policy& p) {
  if (!p.internal && p.suppress_below < 2)
    throw Error(ErrorCode::Usage,
                fmt::format("--suppress-below {} would publish every small count exactly",
                            p.suppress_below),
                {"", "", "--suppress-below"},
                "give a threshold of 2 or more (default 5), or --internal for exact values that "
                "are not for publication");
}

void refuse_incidents_as_places(const Policy& p, const std::string& places,
                                const std::string& incidents, const std::string& option) {
  if (!p.published() || places.empty() || incidents.empty()) return;
  std::error_code ec;
  if (!std::filesystem::equivalent(places, incidents, ec) || ec) return;
  throw Error(ErrorCode::Usage,
              fmt::format("the {} are the incidents themselves: a published layer would hold "
                          "every incident's place",
                          option.substr(2)),
              {places, "", option},
              "use places (squares, schools, addresses, the score layer) or grid cells, or add "
              "--internal for output that is not for publication");
}

}  // namespace hotspot::publish
