#include "hotspot/step/results.hpp"

#include <cmath>
#include <limits>

#include "hotspot/io/table_writer.hpp"

namespace hotspot::step {

namespace fs = std::filesystem;

std::string Results::key(const fs::path& file) {
  return fs::absolute(file).lexically_normal().string();
}

void Results::put(const fs::path& file, const Table& written, const std::string& description) {
  auto l = std::make_shared<WrittenLayer>();
  l->table = written.clone();
  const auto names = io::output_field_names(written.fields);
  for (std::size_t i = 0; i < names.size(); ++i) l->table.fields[i].name = names[i];
  l->description = description;
  layers_[key(file)] = std::move(l);
}

void Results::put(const fs::path& file, const Grid& grid, const std::vector<double>& values,
                  const std::vector<std::uint8_t>* mask,
                  std::map<std::string, std::string> metadata) {
  auto r = std::make_shared<WrittenRaster>();
  r->grid = grid;
  r->values.resize(values.size());
  constexpr float kNoData = -9999.0f;  // io::RasterWrite's nodata: a value equal to it reads back
                                       // as nodata
  for (std::size_t i = 0; i < values.size(); ++i) {
    const bool in = !mask || (*mask)[i];
    const float f = static_cast<float>(values[i]);
    r->values[i] = in && std::isfinite(values[i]) && f != kNoData
                       ? static_cast<double>(f)
                       : std::numeric_limits<double>::quiet_NaN();
  }
  r->metadata = std::move(metadata);
  rasters_[key(file)] = std::move(r);
}

std::shared_ptr<const WrittenLayer> Results::layer(const fs::path& file) const {
  const auto it = layers_.find(key(file));
  if (it == layers_.end()) return nullptr;
  ++taken_;
  return it->second;
}

std::shared_ptr<const WrittenRaster> Results::raster(const fs::path& file) const {
  const auto it = rasters_.find(key(file));
  if (it == rasters_.end()) return nullptr;
  ++taken_;
  return it->second;
}

}  // namespace hotspot::step
