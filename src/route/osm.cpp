#include "hotspot/route/osm.hpp"

#include <cmath>
#include <filesystem>
#include <tuple>
#include <unordered_map>

#include <fmt/format.h>
#include <osmium/handler.hpp>
#include <osmium/io/any_input.hpp>
#include <osmium/visitor.hpp>

#include "hotspot/core/error.hpp"
#include "hotspot/crs/transform.hpp"

namespace hotspot::route {

namespace {

bool usable(const char* highway, TravelMode mode) {
  const std::string h = highway;
  if (h == "proposed" || h == "construction" || h == "abandoned" || h == "platform" ||
      h == "raceway")
    return false;
  const bool motorway =
      h == "motorway" || h == "motorway_link" || h == "trunk" || h == "trunk_link";
  if (mode != TravelMode::Car) return !motorway;
  return !(h == "footway" || h == "pedestrian" || h == "steps" || h == "path" || h == "cycleway" ||
           h == "bridleway" || h == "track");
}

struct Collector : osmium::handler::Handler {
  TravelMode mode;
  std::unordered_map<osmium::object_id_type, std::pair<double, double>> node_lonlat;
  std::vector<std::pair<std::vector<osmium::object_id_type>, int>>
      ways;  // refs, direction (0 both, 1 forward, -1 backward)
  void node(const osmium::Node& n) {
    if (n.location().valid()) node_lonlat[n.id()] = {n.location().lon(), n.location().lat()};
  }
  void way(const osmium::Way& w) {
    const char* hw = w.tags()["highway"];
    if (!hw || !usable(hw, mode)) return;
    int dir = 0;
    if (mode == TravelMode::Car) {
      const char* ow = w.tags()["oneway"];
      if (ow && (std::string(ow) == "yes" || std::string(ow) == "1" || std::string(ow) == "true"))
        dir = 1;
      if (ow && std::string(ow) == "-1") dir = -1;
    }
    std::vector<osmium::object_id_type> refs;
    for (const auto& nr : w.nodes()) refs.push_back(nr.ref());
    ways.emplace_back(std::move(refs), dir);
  }
};

}  // namespace

RoadGraph read_osm_roads(const std::string& path, TravelMode mode, const std::string& working_crs) {
  if (!std::filesystem::exists(path))
    throw Error(ErrorCode::InputMissing, "file not found", {path},
                "give an OpenStreetMap file (.osm or .osm.pbf)");
  Collector c;
  c.mode = mode;
  try {
    osmium::io::Reader reader{osmium::io::File{path},
                              osmium::osm_entity_bits::node | osmium::osm_entity_bits::way};
    osmium::apply(reader, c);
    reader.close();
  } catch (const std::exception& e) {
    throw Error(ErrorCode::InputFormat,
                fmt::format("cannot read this OpenStreetMap file ({})", e.what()), {path},
                "give an .osm (XML) or .osm.pbf file");
  }
  const crs::Transform tf("EPSG:4326", working_crs);
  std::unordered_map<osmium::object_id_type, std::int32_t> index;
  std::vector<double> xs, ys;
  auto node_index = [&](osmium::object_id_type id) -> std::int32_t {
    auto it = index.find(id);
    if (it != index.end()) return it->second;
    auto ll = c.node_lonlat.find(id);
    if (ll == c.node_lonlat.end()) return -1;
    double x = ll->second.first, y = ll->second.second;
    tf.forward(x, y);
    const auto k = static_cast<std::int32_t>(xs.size());
    xs.push_back(x);
    ys.push_back(y);
    index.emplace(id, k);
    return k;
  };
  std::vector<std::tuple<std::int32_t, std::int32_t, double>> edges;
  for (const auto& [refs, dir] : c.ways)
    for (std::size_t i = 1; i < refs.size(); ++i) {
      const std::int32_t a = node_index(refs[i - 1]), b = node_index(refs[i]);
      if (a < 0 || b < 0 || a == b) continue;
      const double len =
          std::hypot(xs[static_cast<std::size_t>(a)] - xs[static_cast<std::size_t>(b)],
                     ys[static_cast<std::size_t>(a)] - ys[static_cast<std::size_t>(b)]);
      if (dir >= 0) edges.emplace_back(a, b, len);
      if (dir <= 0) edges.emplace_back(b, a, len);
    }
  if (edges.empty())
    throw Error(ErrorCode::InputFormat, "no usable roads (ways tagged highway) in the file", {path},
                "give an OpenStreetMap extract that covers the stops");
  return route::make_graph(std::move(xs), std::move(ys), edges);
}

}  // namespace hotspot::route
