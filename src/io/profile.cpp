#include "hotspot/io/profile.hpp"

#include <fmt/format.h>
#include <toml.hpp>

#include "hotspot/core/error.hpp"
#include "hotspot/core/grid.hpp"
#include "hotspot/crs/transform.hpp"
#include "hotspot/io/toml_file.hpp"

namespace hotspot::io {

namespace fs = std::filesystem;

Profile read_profile(const fs::path& file) {
  if (!fs::exists(file))
    throw Error(ErrorCode::InputMissing, "profile file not found", {file.string()},
                "give the path of a profile such as geodata/deventer.profile.toml with --profile");
  const toml::value root = read_toml_file(file, "the profile");
  Profile p;
  p.file = fs::absolute(file).lexically_normal();
  p.dir = p.file.parent_path();
  auto text = [&](const toml::value& v, const std::string& key) {
    if (!v.is_string())
      throw Error(ErrorCode::Usage,
                  fmt::format("'{}' (line {}) must be text", key, v.location().line()),
                  {file.string(), "", key}, fmt::format("write {} = \"...\"", key));
    return v.as_string().str;
  };
  auto path = [&](const toml::value& v, const std::string& key) {
    fs::path f = text(v, key);
    if (f.is_relative()) f = p.dir / f;
    if (!fs::exists(f))
      throw Error(ErrorCode::InputMissing,
                  fmt::format("'{}' (line {}) names {}, which does not exist", key,
                              v.location().line(), f.string()),
                  {file.string(), "", key}, "give a path relative to the profile file");
    return f.lexically_normal();
  };
  for (const auto& [k, v] : root.as_table()) {
    if (k != "profile" && k != "depot")
      throw Error(ErrorCode::Usage, fmt::format("unknown table [{}] in the profile", k),
                  {file.string(), "", k}, "the tables are [profile] and [depot]");
  }
  if (root.contains("profile"))
    for (const auto& [k, v] : root.at("profile").as_table()) {
      if (k == "name")
        p.name = text(v, k);
      else if (k == "working_crs")
        p.working_crs = text(v, k);
      else if (k == "crs_label")
        p.crs_label = text(v, k);
      else if (k == "mask")
        p.mask = path(v, k);
      else if (k == "places")
        p.places = path(v, k);
      else if (k == "areas")
        p.areas = path(v, k);
      else if (k == "districts")
        p.districts = path(v, k);
      else if (k == "pipeline")
        p.pipeline = path(v, k);
      else if (k == "source")
        p.source_line = text(v, k);
      else if (k == "timezone")
        p.timezone = text(v, k);
      else
        throw Error(ErrorCode::Usage,
                    fmt::format("unknown key '{}' in [profile] (line {})", k, v.location().line()),
                    {file.string(), "profile", k},
                    "[profile] takes name, working_crs, crs_label, mask, places, areas, districts, "
                    "pipeline, source, timezone");
    }
  if (root.contains("depot"))
    for (const auto& [k, v] : root.at("depot").as_table()) {
      if (k == "name")
        p.depot_name = text(v, k);
      else if (k == "xy")
        p.depot = text(v, k);
      else
        throw Error(ErrorCode::Usage,
                    fmt::format("unknown key '{}' in [depot] (line {})", k, v.location().line()),
                    {file.string(), "depot", k}, "[depot] takes name and xy = \"X,Y\"");
    }
  if (!crs::is_projected_metric(p.working_crs))
    throw Error(ErrorCode::Crs,
                fmt::format("the working CRS {} is not a projected CRS in metres", p.working_crs),
                {file.string(), "profile", "working_crs"},
                "give a projected CRS in metres, e.g. EPSG:28992 (RD New) or EPSG:32631 (UTM 31N)");
  if (!p.depot.empty()) {
    const auto c = p.depot.find(',');
    char* e = nullptr;
    const double x = c == std::string::npos ? NAN : std::strtod(p.depot.c_str(), &e);
    const double y = c == std::string::npos ? NAN : std::strtod(p.depot.c_str() + c + 1, nullptr);
    if (!std::isfinite(x) || !std::isfinite(y))
      throw Error(ErrorCode::Usage, fmt::format("depot xy '{}' is not X,Y", p.depot),
                  {file.string(), "depot", "xy"},
                  "write xy = \"207400,473990\" in the working CRS");
  }
  return p;
}

}  // namespace hotspot::io
