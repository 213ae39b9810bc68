// Routes on a real OpenStreetMap extract (issue 18): West Oakland, California, as OSMnx ships it
// for its tests (tests/osm/run.sh finds it), in UTM zone 10N. Travel times are checked against
// shortest paths computed here from the file itself (its XML read in this test, not by
// libosmium, and Dijkstra written here), and the route lines against the streets. This test
// found that routes.geojson took every working CRS for RD: its lines landed in the Arctic.
#include <catch2/catch.hpp>

#include <bzlib.h>

#include <cmath>
#include <map>
#include <queue>

#include <fmt/format.h>

#include "../support.hpp"
#include "hotspot/crs/transform.hpp"
#include "hotspot/io/gdal_handles.hpp"

namespace {

namespace fs = std::filesystem;
std::string q(const fs::path& p) {
  return "'" + p.string() + "'";
}

std::string bunzip(const fs::path& f) {
  FILE* in = std::fopen(f.c_str(), "rb");
  REQUIRE(in);
  int err = 0;
  BZFILE* bz = BZ2_bzReadOpen(&err, in, 0, 0, nullptr, 0);
  REQUIRE(err == BZ_OK);
  std::string out;
  char buf[65536];
  while (err == BZ_OK) {
    const int n = BZ2_bzRead(&err, bz, buf, sizeof buf);
    if (n > 0) out.append(buf, static_cast<std::size_t>(n));
  }
  REQUIRE(err == BZ_STREAM_END);
  BZ2_bzReadClose(&err, bz);
  std::fclose(in);
  return out;
}

/// The walkable street graph of an OSM XML text in UTM 10N metres: the rule of the route step
/// (every highway but motorways, trunks and ways not open to traffic), read independently.
struct Streets {
  std::map<long long, std::pair<double, double>> xy;  // node -> UTM
  std::map<long long, std::vector<std::pair<long long, double>>> adj;
  explicit Streets(const std::string& xml) {
    const hotspot::crs::Transform t("EPSG:4326", "EPSG:32610");
    auto attr = [](const std::string& s, std::size_t from, std::size_t to, const char* key) {
      const std::string k = std::string(" ") + key + "=\"";
      const std::size_t p = s.find(k, from);
      if (p == std::string::npos || p > to) return std::string();
      const std::size_t a = p + k.size();
      return s.substr(a, s.find('"', a) - a);
    };
    for (std::size_t p = xml.find("<node "); p != std::string::npos;
         p = xml.find("<node ", p + 1)) {
      const std::size_t e = xml.find('>', p);
      double x = std::stod(attr(xml, p, e, "lon")), y = std::stod(attr(xml, p, e, "lat"));
      t.forward(x, y);
      xy[std::stoll(attr(xml, p, e, "id"))] = {x, y};
    }
    for (std::size_t p = xml.find("<way "); p != std::string::npos; p = xml.find("<way ", p + 1)) {
      const std::size_t e = xml.find("</way>", p);
      const std::size_t h = xml.find("k=\"highway\" v=\"", p);
      if (h == std::string::npos || h > e) continue;
      const std::size_t hv = h + 15;
      const std::string hw = xml.substr(hv, xml.find('"', hv) - hv);
      if (hw == "motorway" || hw == "motorway_link" || hw == "trunk" || hw == "trunk_link" ||
          hw == "proposed" || hw == "construction" || hw == "abandoned" || hw == "platform" ||
          hw == "raceway")
        continue;
      std::vector<long long> refs;
      for (std::size_t n = xml.find("<nd ", p); n < e; n = xml.find("<nd ", n + 1))
        refs.push_back(std::stoll(attr(xml, n, e, "ref")));
      for (std::size_t k = 1; k < refs.size(); ++k) {
        const auto a = xy.at(refs[k - 1]), b = xy.at(refs[k]);
        const double d = std::hypot(a.first - b.first, a.second - b.second);
        adj[refs[k - 1]].emplace_back(refs[k], d);
        adj[refs[k]].emplace_back(refs[k - 1], d);
      }
    }
  }
  double shortest(long long from, long long to) const {
    std::map<long long, double> dist{{from, 0}};
    using Item = std::pair<double, long long>;
    std::priority_queue<Item, std::vector<Item>, std::greater<>> pq;
    pq.push({0, from});
    while (!pq.empty()) {
      const auto [d, u] = pq.top();
      pq.pop();
      if (u == to) return d;
      if (d > dist[u]) continue;
      if (!adj.count(u)) continue;
      for (const auto& [v, w] : adj.at(u))
        if (!dist.count(v) || d + w < dist[v]) {
          dist[v] = d + w;
          pq.push({d + w, v});
        }
    }
    return INFINITY;
  }
};

int secs(const std::string& t) {
  return std::stoi(t.substr(0, 2)) * 3600 + std::stoi(t.substr(3, 2)) * 60 +
         std::stoi(t.substr(6, 2));
}

}  // namespace

TEST_CASE("osm: routes on a real extract follow its streets at its shortest-path times", "[osm]") {
  const char* env = std::getenv("HOTSPOT_OSM_EXTRACT");
  if (!env) {  // run through tests/osm/run.sh, which finds the extract or reports a skip
    WARN("HOTSPOT_OSM_EXTRACT is not set: run this test as ctest's osm.routes_on_a_real_extract");
    return;
  }
  const fs::path extract = env;
  test::TempDir d;
  const Streets g(bunzip(extract));
  REQUIRE(g.adj.size() > 100);
  // Stops at street nodes spread over the extract (every 9th junction of the street graph), the
  // depot at another; values differ so that choosing matters.
  std::vector<long long> at;
  for (const auto& [id, nb] : g.adj)
    if (nb.size() >= 3) at.push_back(id);
  REQUIRE(at.size() > 20);
  const hotspot::crs::Transform to_wgs("EPSG:32610", "EPSG:4326");
  std::string stops = R"({"type":"FeatureCollection","features":[)";
  std::map<std::string, long long> node_of;
  int k = 0;
  for (std::size_t i = 0; i < at.size() && k < 14; i += std::max<std::size_t>(1, at.size() / 14)) {
    auto [x, y] = g.xy.at(at[i]);
    to_wgs.forward(x, y);
    const std::string id = fmt::format("j{}", k);
    node_of[id] = at[i];
    stops += fmt::format(
        R"({}{{"type":"Feature","properties":{{"stop_id":"{}","score":{}}},"geometry":{{"type":"Point","coordinates":[{:.9f},{:.9f}]}}}})",
        k ? "," : "", id, 1 + (k * 7) % 5, x, y);
    ++k;
  }
  stops += "]}";
  test::spit(d / "stops.geojson", stops);
  const long long depot = at[at.size() / 2 + 1];
  const auto [dx, dy] = g.xy.at(depot);
  test::spit(d / "oakland.profile.toml", fmt::format(R"TOML([profile]
name = "Oakland"
working_crs = "EPSG:32610"
crs_label = "EPSG:32610 (UTM 10N)"
[depot]
name = "Base"
xy = "{:.3f},{:.3f}"
)TOML",
                                                     dx, dy));
  auto r = test::run_cli("route --profile " + q(d / "oakland.profile.toml") + " --osm " +
                         q(extract) + " --stops " + q(d / "stops.geojson") +
                         " --shift 20:00-20:25 --teams 2 --dwell-min 2 --mode walk"
                         " --iterations 400 --time-limit-s 60 -v --out " +
                         q(d / "r"));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.find("road network:") != std::string::npos);
  // The iteration budget, not the time limit, ended the search: a local search that cycles
  // between equal plans (as one did on this extract) runs into the limit instead.
  CHECK(r.err.find("ended by the iteration budget") != std::string::npos);
  const auto rows = test::read_csv(d / "r" / "schedule.csv");
  // Each leg takes the shortest walk along the streets at 5 km/h, as computed here.
  const double m_per_s = 5000.0 / 3600.0;
  int legs = 0, visits = 0;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    if (rows[i].at("team") != rows[i - 1].at("team")) continue;
    const auto node = [&](const std::map<std::string, std::string>& row) {
      const std::string& s = row.at("stop_id");
      return s == "depot" ? depot : node_of.at(s);
    };
    const double walk = g.shortest(node(rows[i - 1]), node(rows[i])) / m_per_s;
    const int took = secs(rows[i].at("arrival")) - secs(rows[i - 1].at("departure"));
    INFO(rows[i - 1].at("stop_id") << " -> " << rows[i].at("stop_id"));
    CHECK(std::abs(took - walk) <= 1.01);  // HH:MM:SS rounding of both ends
    ++legs;
    if (rows[i].at("stop_id") != "depot") ++visits;
    CHECK(rows[i].at("arrival") <= "20:25:00");
  }
  CHECK(legs >= 4);
  CHECK(visits >= 3);
  CHECK(visits < 14);  // the shift is too short for all: the plan chose
  // The route lines run along the streets: every vertex is a node of the extract.
  auto ds = hotspot::io::open_vector((d / "r" / "routes.geojson").string());
  const hotspot::crs::Transform to_utm("EPSG:4326", "EPSG:32610");
  int vertices = 0;
  for (hotspot::io::FeaturePtr f(ds->GetLayer(0)->GetNextFeature()); f;
       f.reset(ds->GetLayer(0)->GetNextFeature())) {
    const auto* ls = f->GetGeometryRef()->toLineString();
    for (int v = 0; v < ls->getNumPoints(); ++v) {
      double x = ls->getX(v), y = ls->getY(v);
      to_utm.forward(x, y);
      double best = INFINITY;
      for (const auto& [id, p] : g.xy) best = std::min(best, std::hypot(p.first - x, p.second - y));
      CHECK(best < 0.05);  // GeoJSON's 7 decimals
      ++vertices;
    }
  }
  CHECK(vertices > legs);  // the lines bend with the streets, not straight from stop to stop
}
