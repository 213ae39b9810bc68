// Gi* and Local Moran's I against R spdep (tests/reference/data/README.md, sections 1-2).
// Tolerance 1e-9 (issue 4); observed differences are about 1e-13.
#include <catch2/catch.hpp>

#include <cmath>

#include "../support.hpp"
#include "hotspot/io/incident_reader.hpp"
#include "hotspot/stats/stats.hpp"

using namespace hotspot;

namespace {
struct GridCounts {
  stats::Units u;
  std::vector<double> x;
  GridCounts() {
    RunContext ctx;
    ctx.verbosity = Verbosity::Quiet;
    RejectsSink r;
    IncidentTable t;
    io::IncidentSourceConfig cfg;
    cfg.path = (test::data_dir() / "points_small.csv").string();
    io::read_incidents(cfg, t, r, ctx);
    const Grid g = Grid::from_extent(200000, 468000, 215000, 482000, 250);
    u.grid = g;
    for (std::int64_t c = 0; c < g.size(); ++c) {
      u.unit_of.push_back(static_cast<std::int32_t>(c));
      u.cell.push_back(c);
      u.x.push_back(g.cx(c % g.ncols));
      u.y.push_back(g.cy(c / g.ncols));
    }
    x.assign(static_cast<std::size_t>(g.size()), 0.0);
    for (std::size_t i = 0; i < t.size(); ++i)
      x[static_cast<std::size_t>(*g.cell_of(t.x[i], t.y[i]))] += 1;
  }
};

void close(double got, double want, double tol, const std::string& what) {
  INFO(what << ": got " << got << " want " << want);
  CHECK(std::abs(got - want) <= tol * std::max(1.0, std::abs(want)));
}
}  // namespace

TEST_CASE("stats.gi_star: z, p and BH equal spdep localG, binary and row-standardised",
          "[reference][stats]") {
  GridCounts d;
  RunContext ctx;
  const auto ref = test::read_csv(test::data_dir() / "small_gistar_250m_d600.csv");
  REQUIRE(ref.size() == 3360);
  for (auto style : {stats::Style::Binary, stats::Style::Row}) {
    stats::WeightsSpec w;
    w.kind = stats::WeightKind::Distance;
    w.distance_m = 600;
    w.style = style;
    for (unsigned threads : {1u, 2u}) {
      ctx.threads = threads;
      const auto r = stats::gi_star(d.u, d.x, w, ctx);
      for (const auto& row : ref) {
        const auto i = static_cast<std::size_t>(std::stoll(row.at("cell_id")));
        REQUIRE(d.x[i] == std::stod(row.at("count")));
        REQUIRE(r.n_neigh[i] == std::stoi(row.at("n_neigh_incl_self")));
        if (style == stats::Style::Binary) {
          close(r.z[i], std::stod(row.at("B_z")), 1e-9, "B_z cell " + row.at("cell_id"));
          close(r.p[i], std::stod(row.at("B_p")), 1e-9, "B_p cell " + row.at("cell_id"));
          close(r.p_fdr[i], std::stod(row.at("B_p_bh")), 1e-9, "B_p_bh cell " + row.at("cell_id"));
        } else {
          close(r.z[i], std::stod(row.at("W_z")), 1e-9, "W_z cell " + row.at("cell_id"));
          close(r.p_fdr[i], std::stod(row.at("W_p_bh")), 1e-9, "W_p_bh cell " + row.at("cell_id"));
        }
      }
    }
  }
}

TEST_CASE("stats.lisa: Ii, E, Var, z and p equal spdep localmoran (queen, row-standardised)",
          "[reference][stats]") {
  GridCounts d;
  RunContext ctx;
  stats::WeightsSpec w;
  w.kind = stats::WeightKind::Queen;
  w.style = stats::Style::Row;
  stats::LisaConfig lc;
  lc.permutations = 0;
  const auto r = stats::local_moran(d.u, d.x, w, lc, ctx);
  std::size_t n = 0;
  for (const auto& row : test::read_csv(test::data_dir() / "small_localmoran_250m_queen.csv")) {
    const auto i = static_cast<std::size_t>(std::stoll(row.at("cell_id")));
    const std::string c = " cell " + row.at("cell_id");
    REQUIRE(r.n_neigh[i] == std::stoi(row.at("n_queen")));
    close(r.i[i], std::stod(row.at("Ii")), 1e-9, "Ii" + c);
    close(r.e[i], std::stod(row.at("E_Ii")), 1e-9, "E_Ii" + c);
    close(r.var[i], std::stod(row.at("Var_Ii")), 1e-9, "Var_Ii" + c);
    close(r.z[i], std::stod(row.at("Z_Ii")), 1e-9, "Z_Ii" + c);
    close(r.p[i], std::stod(row.at("p")), 1e-9, "p" + c);
    ++n;
  }
  CHECK(n == 3360);
}

TEST_CASE("stats.bh: R's p.adjust(p, \"BH\") on a hand-checked vector", "[stats]") {
  // R: p.adjust(c(0.01, 0.04, 0.03, 0.5, 0.02), "BH") = 0.05 0.05 0.05 0.50 0.05
  const auto q = stats::bh_adjust({0.01, 0.04, 0.03, 0.5, 0.02});
  for (double v : {q[0], q[1], q[2], q[4]}) CHECK(v == Approx(0.05));
  CHECK(q[3] == Approx(0.5));
  CHECK(stats::confidence_class(3.0, 0.0027) == 3);
  CHECK(stats::confidence_class(-2.0, 0.0455) == -2);
  CHECK(stats::confidence_class(1.7, 0.089) == 1);
  CHECK(stats::confidence_class(1.0, 0.3) == 0);
}

TEST_CASE("stats.global: Moran's I and General G equal spdep moran.test and globalG.test",
          "[reference][stats]") {
  // Reference values from R 4.2 / spdep on the same 3,360 counts (self excluded):
  //   nb <- dnearneigh(centres, 0, 600); nbq <- dnearneigh(centres, 0, 250 * sqrt(2) * 1.001)
  //   moran.test(count, nb2listw(nb, style = S), randomisation = TRUE)  -> I, E, Var, z
  //   globalG.test(count, nb2listw(nb, style = "B"))                    -> G, E, Var, z
  struct Case {
    stats::WeightKind kind;
    stats::Style style;
    double I, E, Var, z;
  };
  const double E = -0.00029770765108663293;
  const Case cases[] = {{stats::WeightKind::Distance, stats::Style::Binary, 0.22841952920829073, E,
                         2.9041887447922252e-05, 42.441084865307189},
                        {stats::WeightKind::Distance, stats::Style::Row, 0.22004677343026535, E,
                         2.9470757009511982e-05, 40.588829889761001},
                        {stats::WeightKind::Queen, stats::Style::Row, 0.38249853744871809, E,
                         7.2725025839926071e-05, 44.887531919228543}};
  GridCounts d;
  for (const auto& c : cases) {
    stats::WeightsSpec w;
    w.kind = c.kind;
    w.distance_m = 600;
    w.style = c.style;
    // The grid path (stencil, symmetric sums, threaded) and the general neighbour-list path.
    for (unsigned threads : {1u, 2u}) {
      const auto g = stats::global_stats(d.u, d.x, w, threads);
      close(g.moran_i, c.I, 1e-9, "I");
      close(g.moran_e, c.E, 1e-9, "E");
      close(g.moran_var / c.Var, 1.0, 1e-9, "Var (relative)");
      close(g.moran_z, c.z, 1e-9, "z");
    }
    const auto l = stats::global_stats(stats::neighbours(d.u, w), d.x, c.style);
    close(l.moran_i, c.I, 1e-9, "I (lists)");
    close(l.moran_var / c.Var, 1.0, 1e-9, "Var (lists, relative)");
    close(l.moran_z, c.z, 1e-9, "z (lists)");
    if (c.kind == stats::WeightKind::Distance && c.style == stats::Style::Binary) {
      for (const auto& gg : {stats::global_stats(d.u, d.x, w, 2), l}) {
        close(gg.g, 0.03446387293712095, 1e-9, "G");
        close(gg.g_e, 0.0057298090418066603, 1e-9, "E(G)");
        close(gg.g_var / 4.6119239395508445e-07, 1.0, 1e-9, "Var(G) (relative)");
        close(gg.g_z, 42.311262584268341, 1e-9, "z(G)");
      }
    }
  }
}
