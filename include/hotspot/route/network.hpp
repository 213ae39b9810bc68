#pragma once
// Road networks for route planning (stage `route.network`): a graph in the working CRS,
// snapping of places to it, and shortest paths (Dijkstra). Pure maths: reading OSM files is
// in route/osm.hpp.
#include <cstdint>
#include <vector>

namespace hotspot::route {

struct RoadGraph {
  std::vector<double> x, y;         ///< node coordinates, working CRS
  std::vector<std::int64_t> start;  ///< CSR offsets, size nodes + 1
  std::vector<std::int32_t> to;     ///< edge targets
  std::vector<double> length_m;     ///< edge lengths
  std::size_t nodes() const noexcept { return x.size(); }
};

/// Build the CSR graph from directed edges (from, to, length).
RoadGraph make_graph(std::vector<double> x, std::vector<double> y,
                     const std::vector<std::tuple<std::int32_t, std::int32_t, double>>& edges);

/// Nearest node and its distance in metres (-1 for an empty graph).
std::pair<std::int32_t, double> snap(const RoadGraph& g, double x, double y);

/// Distances in metres from `source` to every node (infinity where unreachable), and the
/// predecessor of every node on its shortest path (-1 for the source and unreachable ones).
void dijkstra(const RoadGraph& g, std::int32_t source, std::vector<double>& dist,
              std::vector<std::int32_t>& prev);

/// The nodes of the shortest path to `target` from the source whose `prev` this is.
std::vector<std::int32_t> path_to(const std::vector<std::int32_t>& prev, std::int32_t target);

}  // namespace hotspot::route
