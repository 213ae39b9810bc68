#include "hotspot/route/benchmark.hpp"

#include <cmath>
#include <fstream>
#include <sstream>
#include <vector>

#include <fmt/format.h>

#include "hotspot/core/error.hpp"

namespace hotspot::route {

namespace {

std::string slurp(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in)
    throw Error(ErrorCode::InputMissing, "cannot read the benchmark instance", {file.string()},
                "check the path");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// Lines without their CR (the files mix CRLF and LF), empty ones dropped, with line numbers.
std::vector<std::pair<int, std::string>> lines_of(const std::string& text) {
  std::vector<std::pair<int, std::string>> out;
  std::istringstream in(text);
  std::string line;
  int no = 0;
  while (std::getline(in, line)) {
    ++no;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
      line.pop_back();
    if (line.find_first_not_of(" \t") != std::string::npos) out.emplace_back(no, line);
  }
  return out;
}

[[noreturn]] void bad(const std::string& name, int line, const std::string& what) {
  throw Error(ErrorCode::InputFormat, fmt::format("{} line {}: {}", name, line, what), {name},
              "give an instance file as published (see ../shared/route-benchmarks/README.md)");
}

Stop stop_at(double x, double y, double value, const std::string& id) {
  Stop s;
  s.id = id;
  s.name = id;
  s.x = x;
  s.y = y;
  s.value = value;
  s.share.fill(1.0);  // a score is collected in full, at any hour
  s.dwell_min = 0;
  return s;
}

}  // namespace

BenchmarkInstance parse_chao(const std::string& text, const std::string& name) {
  const auto L = lines_of(text);
  if (L.size() < 5) bad(name, L.empty() ? 1 : L.back().first, "too few lines for a TOP instance");
  auto header = [&](std::size_t i, const char* key) {
    std::istringstream in(L[i].second);
    std::string k;
    double v;
    if (!(in >> k >> v) || k != key) bad(name, L[i].first, fmt::format("expected '{} VALUE'", key));
    return v;
  };
  const int n = static_cast<int>(header(0, "n")), m = static_cast<int>(header(1, "m"));
  const double tmax = header(2, "tmax");
  if (n < 2 || m < 1 || !(tmax >= 0) || L.size() < static_cast<std::size_t>(n) + 3)
    bad(name, L[0].first, "n, m or tmax out of range, or fewer node lines than n");
  std::vector<std::array<double, 3>> node;
  for (int i = 0; i < n; ++i) {
    std::istringstream in(L[3 + static_cast<std::size_t>(i)].second);
    double x, y, s;
    if (!(in >> x >> y >> s)) bad(name, L[3 + static_cast<std::size_t>(i)].first, "expected x y S");
    node.push_back({x, y, s});
  }
  BenchmarkInstance b;
  b.name = name;
  b.tmax = tmax;
  for (const auto& nd : node) b.nodes.push_back({nd[0], nd[1], 0, nd[2], 0, 0});
  b.scale = 10;  // Tmax has one decimal: the budget in tenths is a whole number
  Problem& p = b.problem;
  p.teams = m;
  p.dwell_min = 0;
  p.shift_start_min = 0;
  p.shift_len_min = static_cast<int>(std::llround(tmax * b.scale));
  p.depot_x = node.front()[0];
  p.depot_y = node.front()[1];
  p.end_x = node.back()[0];
  p.end_y = node.back()[1];
  for (int i = 1; i + 1 < n; ++i)
    p.stops.push_back(stop_at(node[static_cast<std::size_t>(i)][0],
                              node[static_cast<std::size_t>(i)][1],
                              node[static_cast<std::size_t>(i)][2], std::to_string(i)));
  const std::size_t places = p.stops.size() + 1;
  auto px = [&](std::size_t i) { return i == 0 ? p.depot_x : p.stops[i - 1].x; };
  auto py = [&](std::size_t i) { return i == 0 ? p.depot_y : p.stops[i - 1].y; };
  p.travel.assign(places, std::vector<double>(places, 0.0));
  for (std::size_t i = 0; i < places; ++i)
    for (std::size_t j = 0; j < places; ++j)
      p.travel[i][j] = std::hypot(px(i) - px(j), py(i) - py(j)) * b.scale;
  for (std::size_t i = 0; i < places; ++i)
    p.travel_end.push_back(std::hypot(px(i) - p.end_x, py(i) - p.end_y) * b.scale);
  p.prepare();
  return b;
}

BenchmarkInstance parse_toptw(const std::string& text, const std::string& name, int teams) {
  const auto L = lines_of(text);
  if (L.size() < 4) bad(name, L.empty() ? 1 : L.back().first, "too few lines for a TOPTW instance");
  int n = 0;
  {
    std::istringstream in(L[0].second);
    int k, v;
    if (!(in >> k >> v >> n) || n < 1) bad(name, L[0].first, "expected 'k v N t'");
  }
  if (L.size() < static_cast<std::size_t>(n) + 3) bad(name, L.back().first, "fewer nodes than N");
  struct Node {
    double x, y, d, s, o, c;
  };
  std::vector<Node> node;
  for (int i = 0; i <= n; ++i) {
    const auto& [no, line] = L[2 + static_cast<std::size_t>(i)];
    std::istringstream in(line);
    std::vector<double> f;
    double v;
    while (in >> v) f.push_back(v);
    if (f.size() < 9 || static_cast<int>(f[0]) != i)
      bad(name, no, "expected 'i x y d S f a list O C'");
    node.push_back({f[1], f[2], f[3], f[4], f[f.size() - 2], f[f.size() - 1]});
  }
  BenchmarkInstance b;
  b.name = name;
  b.toptw = true;
  b.tmax = node[0].c;
  for (const auto& q : node) b.nodes.push_back({q.x, q.y, q.d, q.s, q.o, q.c});
  b.scale = 1;
  Problem& p = b.problem;
  p.teams = teams;
  p.shift_start_min = 0;
  p.shift_len_min = static_cast<int>(std::llround(node[0].c));
  p.window_bounds_start = true;  // [O, C] bounds the start of service
  p.depot_x = node[0].x;
  p.depot_y = node[0].y;
  for (int i = 1; i <= n; ++i) {
    const Node& q = node[static_cast<std::size_t>(i)];
    Stop s = stop_at(q.x, q.y, q.s, std::to_string(i));
    s.dwell_min = q.d;
    s.open_min = static_cast<int>(std::llround(q.o));
    s.close_min = static_cast<int>(std::llround(q.c));
    if (std::abs(q.o - s.open_min) > 1e-9 || std::abs(q.c - s.close_min) > 1e-9)
      bad(name, L[2 + static_cast<std::size_t>(i)].first, "a window that is not whole minutes");
    p.stops.push_back(std::move(s));
  }
  const std::size_t places = p.stops.size() + 1;
  auto px = [&](std::size_t i) { return i == 0 ? p.depot_x : p.stops[i - 1].x; };
  auto py = [&](std::size_t i) { return i == 0 ? p.depot_y : p.stops[i - 1].y; };
  p.travel.assign(places, std::vector<double>(places, 0.0));
  for (std::size_t i = 0; i < places; ++i)
    for (std::size_t j = 0; j < places; ++j)  // rounded down to the second decimal (Cordeau)
      p.travel[i][j] = std::floor(100 * std::hypot(px(i) - px(j), py(i) - py(j)) + 1e-9) / 100;
  p.prepare();
  return b;
}

BenchmarkCheck check_plan(const BenchmarkInstance& b, const Solution& s) {
  BenchmarkCheck c;
  const auto& nd = b.nodes;
  const std::size_t n_nodes = nd.size();
  auto fail = [&](std::string why) {
    if (c.feasible) c.why = std::move(why);
    c.feasible = false;
  };
  std::vector<int> seen(n_nodes, 0);
  auto dist = [&](std::size_t i, std::size_t j) {
    return std::hypot(nd[i].x - nd[j].x, nd[i].y - nd[j].y);
  };
  for (std::size_t t = 0; t < s.routes.size(); ++t) {
    const auto& r = s.routes[t];
    // Node of each visit: stop i is node i + 1 in both formats.
    std::vector<std::size_t> path;
    for (int st : r.stops) {
      const auto node = static_cast<std::size_t>(st) + 1;
      if (st < 0 || node >= n_nodes || (!b.toptw && node + 1 >= n_nodes)) {
        fail(fmt::format("route {} visits a node that is no customer", t + 1));
        continue;
      }
      path.push_back(node);
      if (++seen[node] > 1) fail(fmt::format("customer {} is visited twice", node));
      c.score += nd[node].score;
    }
    if (!b.toptw) {
      double len = 0;
      std::size_t at = 0;
      for (std::size_t node : path) {
        len += dist(at, node);
        at = node;
      }
      len += dist(at, n_nodes - 1);
      if (len > b.tmax + 1e-9)
        fail(fmt::format("route {} is {:.6f} long, more than Tmax {}", t + 1, len, b.tmax));
    } else {
      auto travel = [&](std::size_t i, std::size_t j) {
        return std::floor(100 * dist(i, j) + 1e-9) / 100;
      };
      double time = nd[0].open;
      std::size_t at = 0;
      for (std::size_t node : path) {
        const double start = std::max(time + travel(at, node), nd[node].open);
        if (start > nd[node].close + 1e-9)
          fail(fmt::format("route {} starts customer {} at {:.4f}, after its window closes at {}",
                           t + 1, node, start, nd[node].close));
        time = start + nd[node].service;
        at = node;
      }
      time += travel(at, 0);
      if (time > b.tmax + 1e-9)
        fail(fmt::format("route {} is back at {:.4f}, after Tmax {}", t + 1, time, b.tmax));
    }
  }
  return c;
}

BenchmarkInstance read_chao(const std::filesystem::path& file) {
  return parse_chao(slurp(file), file.stem().string());
}
BenchmarkInstance read_toptw(const std::filesystem::path& file, int teams) {
  return parse_toptw(slurp(file), file.stem().string(), teams);
}

}  // namespace hotspot::route
