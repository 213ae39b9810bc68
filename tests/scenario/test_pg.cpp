// PostGIS as the shared store (issue 19), against a real server: tests/pg/run.sh starts a
// private PostgreSQL/PostGIS on loopback and runs these ([pg]) with HOTSPOT_TEST_PG set.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <regex>
#include <set>
#include <thread>

#include <gdal_utils.h>
#include <ogrsf_frmts.h>

#include "../support.hpp"
#include "hotspot/io/gdal_handles.hpp"

namespace {

namespace fs = std::filesystem;
std::string q(const std::string& p) {
  return "'" + p + "'";
}

std::string conn() {
  const char* c = std::getenv("HOTSPOT_TEST_PG");
  REQUIRE(c);
  return c;
}

hotspot::io::DatasetPtr open_pg(const std::string& c = conn()) {
  hotspot::io::ensure_gdal();
  hotspot::io::DatasetPtr ds(
      static_cast<GDALDataset*>(GDALOpenEx(c.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr)));
  REQUIRE(ds);
  return ds;
}

/// run_id values of a table (empty set when the table does not exist).
std::set<std::string> run_ids(GDALDataset& ds, const std::string& table, GIntBig* rows = nullptr) {
  std::set<std::string> ids;
  OGRLayer* l = ds.GetLayerByName(table.c_str());
  if (!l) return ids;
  if (rows) *rows = l->GetFeatureCount();
  l->ResetReading();
  for (hotspot::io::FeaturePtr f(l->GetNextFeature()); f; f.reset(l->GetNextFeature()))
    ids.insert(f->GetFieldAsString("run_id"));
  return ids;
}

/// The shipped pipeline storing into the test database (schema `schema`), out folder `out`.
fs::path pipeline(const fs::path& dir, const std::string& name, const fs::path& out,
                  const std::string& schema = "") {
  std::string t = test::slurp(test::geodata() / "deventer.toml");
  t = std::regex_replace(t, std::regex("\"deventer_"),
                         "\"" + test::geodata().string() + "/deventer_");
  t = std::regex_replace(t, std::regex("out = \"../out\""),
                         "out = \"" + out.string() + "\"\nstore = \"" + conn() + "\"" +
                             (schema.empty() ? "" : "\nschema = \"" + schema + "\""));
  test::spit(dir / name, t);
  return dir / name;
}

const char* kTables[] = {"buurten",
                         "wijken",
                         "locaties",
                         "overlast_hotspots",
                         "ondermijning_hotspots",
                         "overlast_gistar",
                         "ondermijning_gistar",
                         "overlast_lisa",
                         "locaties_score",
                         "routes",
                         "stops"};

/// The one run_id every stored table holds, or "" when the tables disagree (a mix).
std::string common_run(GDALDataset& ds, const std::string& schema) {
  std::set<std::string> all;
  for (const char* t : kTables) {
    const auto ids = run_ids(ds, schema + "." + t);
    if (ids.size() != 1) return "";
    all.insert(*ids.begin());
  }
  return all.size() == 1 ? *all.begin() : "";
}

}  // namespace

TEST_CASE("pg: a pipeline stores every layer type, styled, with its run, and QGIS opens it",
          "[pg]") {
  test::TempDir d;
  auto r = test::run_cli("run " + q(pipeline(d.path, "p.toml", d / "out", "rt").string()) + " -q");
  INFO(r.err);
  // The schema must exist: the error says so, and nothing is written.
  CHECK(r.exit_code != 0);
  {
    auto ds = open_pg();
    ds->ExecuteSQL("CREATE SCHEMA rt", nullptr, nullptr);
  }
  r = test::run_cli("run " + q(pipeline(d.path, "p.toml", d / "out", "rt").string()) + " -q");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  auto ds = open_pg();
  const std::string run = common_run(*ds, "rt");
  CHECK_FALSE(run.empty());
  // Value for value as the run's GeoPackage (the same published layers).
  auto gpkg = hotspot::io::open_vector((d / "out" / "deventer.gpkg").string());
  for (const char* t : kTables) {
    INFO(t);
    OGRLayer* pl = ds->GetLayerByName((std::string("rt.") + t).c_str());
    OGRLayer* gl = gpkg->GetLayerByName(t);
    REQUIRE(pl);
    REQUIRE(gl);
    CHECK(pl->GetFeatureCount() == gl->GetFeatureCount());
    CHECK(wkbFlatten(pl->GetGeomType()) == wkbFlatten(gl->GetGeomType()));
    CHECK(std::string(pl->GetSpatialRef()->GetAuthorityCode(nullptr)) == "28992");
    const int nf = gl->GetLayerDefn()->GetFieldCount();
    pl->ResetReading();
    gl->ResetReading();
    hotspot::io::FeaturePtr pf(pl->GetNextFeature()), gf(gl->GetNextFeature());
    for (; pf && gf; pf.reset(pl->GetNextFeature()), gf.reset(gl->GetNextFeature()))
      for (int j = 0; j < nf; ++j) {
        const char* name = gl->GetLayerDefn()->GetFieldDefn(j)->GetNameRef();
        if (std::string(name) == "fid") continue;
        CHECK(std::string(pf->GetFieldAsString(name)) == std::string(gf->GetFieldAsString(j)));
      }
  }
  // An internal run (exact values) goes to a schema of its own; the published tables stay.
  {
    auto dsw = open_pg();
    dsw->ExecuteSQL("CREATE SCHEMA rt_intern", nullptr, nullptr);
  }
  auto ri = test::run_cli("run " + q(pipeline(d.path, "p.toml", d / "out_intern", "rt").string()) +
                          " --internal -q");
  INFO(ri.err);
  REQUIRE(ri.exit_code == 0);
  {
    auto dsi = open_pg();
    const std::string internal_run = common_run(*dsi, "rt_intern");
    CHECK_FALSE(internal_run.empty());
    CHECK(internal_run != run);
    CHECK(common_run(*dsi, "rt") == run);
  }
  // The run's row, and a default style per table.
  GIntBig n = 0;
  CHECK(run_ids(*ds, "rt.hotspot_runs", &n).count(run) == 1);
  OGRLayer* styles = ds->GetLayerByName("rt.layer_styles");
  REQUIRE(styles);
  CHECK(styles->GetFeatureCount() == static_cast<GIntBig>(std::size(kTables)));
  CHECK(test::slurp(d / "out" / "store.qgs")
            .find("table=&quot;rt&quot;.&quot;buurten&quot; (geom)") != std::string::npos);
  CHECK(test::slurp(d / "out" / "manifest.json").find("\"run_id\": \"" + run + "\"") !=
        std::string::npos);
  CHECK(test::slurp(d / "out" / "manifest.json").find("password=***") != std::string::npos);
  CHECK(test::slurp(d / "out" / "store.qgs").find("password") == std::string::npos);
}

TEST_CASE("pg: incidents and areas are read from the database, the filter on the server", "[pg]") {
  test::TempDir d;
  // The shipped incidents as a point table.
  {
    const std::string csv = (test::geodata() / "deventer_incidents_synth.csv").string();
    GDALDatasetH src = GDALOpenEx(csv.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
    REQUIRE(src);
    const char* args[] = {"-f",
                          "PostgreSQL",
                          "-nln",
                          "meldingen",
                          "-overwrite",
                          "-a_srs",
                          "EPSG:28992",
                          "-oo",
                          "X_POSSIBLE_NAMES=x",
                          "-oo",
                          "Y_POSSIBLE_NAMES=y",
                          "-lco",
                          "GEOMETRY_NAME=geom",
                          nullptr};
    GDALVectorTranslateOptions* o =
        GDALVectorTranslateOptionsNew(const_cast<char**>(args), nullptr);
    int err = 0;
    GDALDatasetH out = GDALVectorTranslate(conn().c_str(), nullptr, 1, &src, o, &err);
    GDALVectorTranslateOptionsFree(o);
    REQUIRE(out);
    GDALClose(out);
    GDALClose(src);
  }
  const std::string areas = (test::geodata() / "deventer_buurten.geojson").string();
  auto from_csv = test::run_cli("join --areas " + q(areas) + " --incidents " +
                                q((test::geodata() / "deventer_incidents_synth.csv").string()) +
                                " --out " + q((d / "a.csv").string()));
  auto from_pg = test::run_cli("join --areas " + q(areas) + " --incidents " + q(conn()) +
                               " --incidents-layer meldingen --out " + q((d / "b.csv").string()));
  INFO(from_pg.err);
  REQUIRE(from_pg.exit_code == 0);
  CHECK(from_pg.err.find("read 4601, joined 4601, outside 0, rejected 0") != std::string::npos);
  CHECK(test::read_csv(d / "a.csv").size() == test::read_csv(d / "b.csv").size());
  for (std::size_t i = 0; i < test::read_csv(d / "a.csv").size(); ++i)
    CHECK(test::read_csv(d / "a.csv")[i].at("n_incidents") ==
          test::read_csv(d / "b.csv")[i].at("n_incidents"));
  // A query as the source: the server selects.
  auto sel = test::run_cli(
      "join --areas " + q(areas) + " --incidents " + q(conn()) +
      " --incidents-layer \"SELECT * FROM meldingen WHERE category = 'jeugdoverlast'\" --out " +
      q((d / "s.csv").string()));
  auto cat = test::run_cli("join --areas " + q(areas) + " --incidents " +
                           q((test::geodata() / "deventer_incidents_synth.csv").string()) +
                           " --category jeugdoverlast --out " + q((d / "t.csv").string()));
  INFO(sel.err);
  REQUIRE(sel.exit_code == 0);
  for (std::size_t i = 0; i < test::read_csv(d / "s.csv").size(); ++i)
    CHECK(test::read_csv(d / "s.csv")[i].at("n_incidents") ==
          test::read_csv(d / "t.csv")[i].at("n_incidents"));
  auto bad = test::run_cli("join --areas " + q(areas) + " --incidents " + q(conn()) +
                           " --incidents-layer \"SELECT * FROM nergens\" --out " +
                           q((d / "u.csv").string()));
  CHECK(bad.exit_code == 4);
  CHECK(bad.err.find("the query failed") != std::string::npos);
  // Areas from the database, narrowed by an attribute filter OGR hands to the server.
  auto w = test::run_cli(
      "join --areas " + q(conn()) +
      " --areas-layer rt.buurten --areas-where \"wijkcode = 'WK015001'\" --incidents " +
      q((test::geodata() / "deventer_incidents_synth.csv").string()) + " --out " +
      q((d / "c.csv").string()));
  INFO(w.err);
  REQUIRE(w.exit_code == 0);
  for (const auto& row : test::read_csv(d / "c.csv")) CHECK(row.at("wijkcode") == "WK015001");
}

TEST_CASE("pg: two pipelines at once, and runs killed while storing, leave whole runs", "[pg]") {
  test::TempDir d;
  {
    auto ds = open_pg();
    ds->ExecuteSQL("CREATE SCHEMA IF NOT EXISTS duo", nullptr, nullptr);
  }
  const auto a = pipeline(d.path, "a.toml", d / "a", "duo");
  const auto b = pipeline(d.path, "b.toml", d / "b", "duo");
  auto start = [](const fs::path& f, bool verbose) {
    const pid_t pid = fork();
    if (pid == 0) {
      const int devnull = ::open("/dev/null", O_WRONLY);
      ::dup2(devnull, 1);
      if (!verbose) ::dup2(devnull, 2);
      execl(HOTSPOT_CLI, HOTSPOT_CLI, "run", f.c_str(), "-q", static_cast<char*>(nullptr));
      _exit(127);
    }
    return pid;
  };
  const pid_t pa = start(a, false), pb = start(b, false);
  int sa = 0, sb = 0;
  ::waitpid(pa, &sa, 0);
  ::waitpid(pb, &sb, 0);
  CHECK((WIFEXITED(sa) && WEXITSTATUS(sa) == 0));
  CHECK((WIFEXITED(sb) && WEXITSTATUS(sb) == 0));
  std::string before;
  {
    auto ds = open_pg();
    before = common_run(*ds, "duo");
    CHECK_FALSE(before.empty());  // one run's layers everywhere, not a mix
    GIntBig n = 0;
    CHECK(run_ids(*ds, "duo.hotspot_runs", &n).size() == 2);
  }
  // Kill runs while they store: the tables hold the previous run or the new one, whole.
  for (int delay_ms : {0, 20, 60, 120, 250, 500, 900, 1400}) {
    const pid_t p = start(a, false);
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    ::kill(p, SIGKILL);
    int st = 0;
    ::waitpid(p, &st, 0);
    auto ds = open_pg();
    const std::string now = common_run(*ds, "duo");
    INFO("killed after " << delay_ms << " ms");
    CHECK_FALSE(now.empty());
    GIntBig n = 0;
    CHECK(run_ids(*ds, "duo.hotspot_runs", &n).count(now) == 1);
  }
}

TEST_CASE("pg: errors a user can act on, and nothing half-written", "[pg]") {
  test::TempDir d;
  const std::string areas = (test::geodata() / "deventer_buurten.geojson").string();
  const std::string inc = (test::geodata() / "deventer_incidents_synth.csv").string();
  const std::string base =
      std::regex_replace(conn(), std::regex(" dbname=\\S+ user=\\S+ password=\\S+"), "");
  auto join_to = [&](const std::string& c, const std::string& layer) {
    return test::run_cli("join --areas " + q(areas) + " --incidents " + q(inc) + " --out " + q(c) +
                         " --out-layer " + q(layer));
  };
  auto r = join_to(base + " dbname=hotspot_test user=hotspot password=fout", "x");
  CHECK(r.exit_code == 3);
  CHECK(r.err.find("refused the password of hotspot") != std::string::npos);
  CHECK(r.err.find("fout") == std::string::npos);  // the password is not echoed
  r = join_to(base + " dbname=nergens user=hotspot password=hotspot", "x");
  CHECK(r.exit_code == 3);
  CHECK(r.err.find("no database 'nergens'") != std::string::npos);
  r = join_to(base + " dbname=nopostgis user=hotspot password=hotspot", "x");
  CHECK(r.exit_code == 4);
  CHECK(r.err.find("CREATE EXTENSION postgis") != std::string::npos);
  r = join_to(base + " dbname=hotspot_test user=reader password=reader", "x");
  CHECK(r.exit_code == 7);
  CHECK(r.err.find("may not create tables in schema public") != std::string::npos);
  r = join_to(conn(), "a.b");
  CHECK(r.exit_code == 2);
  r = join_to(conn(), "Buurten \"2024\"");
  CHECK(r.exit_code == 2);
  // A name kept as given (a quoted identifier), replaced on a rerun.
  REQUIRE(join_to(conn(), "Buurten 2024; DROP TABLE x").exit_code == 0);
  REQUIRE(join_to(conn(), "Buurten 2024; DROP TABLE x").exit_code == 0);
  {
    auto ds = open_pg();
    GIntBig n = 0;
    CHECK(run_ids(*ds, "public.Buurten 2024; DROP TABLE x", &n).size() == 1);
    CHECK(n == 69);
  }
  // A table hotspot did not write is never replaced; in a pipeline, nothing of the run is stored.
  {
    auto ds = open_pg();
    ds->ExecuteSQL("CREATE SCHEMA IF NOT EXISTS vreemd", nullptr, nullptr);
  }
  const auto p = pipeline(d.path, "p.toml", d / "out", "vreemd");
  REQUIRE(test::run_cli("run " + q(p.string()) + " -q").exit_code == 0);
  std::string first;
  {
    auto ds = open_pg();
    first = common_run(*ds, "vreemd");
    REQUIRE_FALSE(first.empty());
    ds->ExecuteSQL("DROP TABLE vreemd.wijken", nullptr, nullptr);
    ds->ExecuteSQL("CREATE TABLE vreemd.wijken (naam text)", nullptr, nullptr);
  }
  r = test::run_cli("run " + q(p.string()));
  CHECK(r.exit_code == 7);
  CHECK(r.err.find("was not written by hotspot") != std::string::npos);
  auto ds = open_pg();
  CHECK(run_ids(*ds, "vreemd.buurten") == std::set<std::string>{first});  // rolled back
}
