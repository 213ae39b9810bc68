#include "hotspot/route/network.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <queue>
#include <tuple>

namespace hotspot::route {

RoadGraph make_graph(std::vector<double> x, std::vector<double> y,
                     const std::vector<std::tuple<std::int32_t, std::int32_t, double>>& edges) {
  RoadGraph g;
  g.x = std::move(x);
  g.y = std::move(y);
  g.start.assign(g.x.size() + 1, 0);
  for (const auto& [a, b, l] : edges) ++g.start[static_cast<std::size_t>(a) + 1];
  for (std::size_t i = 0; i < g.x.size(); ++i) g.start[i + 1] += g.start[i];
  g.to.resize(edges.size());
  g.length_m.resize(edges.size());
  std::vector<std::int64_t> fill(g.start.begin(), g.start.end() - 1);
  for (const auto& [a, b, l] : edges) {
    const auto k = static_cast<std::size_t>(fill[static_cast<std::size_t>(a)]++);
    g.to[k] = b;
    g.length_m[k] = l;
  }
  return g;
}

std::pair<std::int32_t, double> snap(const RoadGraph& g, double x, double y) {
  std::int32_t best = -1;
  double bd = std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < g.nodes(); ++i) {
    if (g.start[i] == g.start[i + 1]) continue;  // isolated node: not on a road
    const double d = std::hypot(g.x[i] - x, g.y[i] - y);
    if (d < bd) {
      bd = d;
      best = static_cast<std::int32_t>(i);
    }
  }
  return {best, best < 0 ? -1.0 : bd};
}

void dijkstra(const RoadGraph& g, std::int32_t source, std::vector<double>& dist,
              std::vector<std::int32_t>& prev) {
  dist.assign(g.nodes(), std::numeric_limits<double>::infinity());
  prev.assign(g.nodes(), -1);
  using Item = std::pair<double, std::int32_t>;
  std::priority_queue<Item, std::vector<Item>, std::greater<>> pq;
  dist[static_cast<std::size_t>(source)] = 0;
  pq.emplace(0.0, source);
  while (!pq.empty()) {
    const auto [d, u] = pq.top();
    pq.pop();
    if (d > dist[static_cast<std::size_t>(u)]) continue;
    for (std::int64_t k = g.start[static_cast<std::size_t>(u)];
         k < g.start[static_cast<std::size_t>(u) + 1]; ++k) {
      const auto v = static_cast<std::size_t>(g.to[static_cast<std::size_t>(k)]);
      const double nd = d + g.length_m[static_cast<std::size_t>(k)];
      if (nd < dist[v]) {
        dist[v] = nd;
        prev[v] = u;
        pq.emplace(nd, static_cast<std::int32_t>(v));
      }
    }
  }
}

std::vector<std::int32_t> path_to(const std::vector<std::int32_t>& prev, std::int32_t target) {
  std::vector<std::int32_t> p;
  for (std::int32_t v = target; v >= 0; v = prev[static_cast<std::size_t>(v)]) p.push_back(v);
  std::reverse(p.begin(), p.end());
  return p;
}

}  // namespace hotspot::route
