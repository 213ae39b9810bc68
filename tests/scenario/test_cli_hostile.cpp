// The hostile test of issue 13, kept: every case a user (or a script) can type, with the
// exit code and the words of the message it must give, bounded in time so a hang fails
// instead of stalling CI. Run under ASan/UBSan by scripts/test-sanitize.sh as well.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <regex>

#include <gdal_priv.h>
#include <gdal_utils.h>

#include "../support.hpp"
#include "hotspot/io/hash.hpp"
#include "hotspot/io/gdal_handles.hpp"

namespace fs = std::filesystem;

namespace {
std::string q(const fs::path& p) {
  return "'" + p.string() + "'";
}
const std::string kInc = q(test::geodata() / "deventer_incidents_synth.csv");
const std::string kBuurten = q(test::geodata() / "deventer_buurten.geojson");
const std::string kPlaces = q(test::geodata() / "deventer_locaties.geojson");
const std::string kExtent = "--extent 200000,468000,215000,482000";

struct Case {
  const char* what;
  std::string args;  // after the subcommand's common part
  int exit_code;
  const char* says;  // a phrase the one-line message must hold
};

void check_cases(const std::vector<Case>& cases, const test::TempDir& d) {
  for (const auto& c : cases) {
    INFO(c.what << ": hotspot " << c.args);
    const auto r = test::run_cli_limited("true", c.args, 120, d.path);
    INFO(r.err);
    CHECK(r.exit_code == c.exit_code);
    CHECK(r.err.find(c.says) != std::string::npos);
    // One clear message, not a flood (PROJ/GDAL noise), and never an internal error.
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') < 8);
    CHECK(r.err.find("internal error") == std::string::npos);
  }
}

/// Name and sha256 of every file under `dir`.
std::map<std::string, std::string> tree(const fs::path& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file())
      out[fs::relative(e.path(), dir).string()] = hotspot::sha256_file(e.path());
  return out;
}
}  // namespace

TEST_CASE(
    "cli.hostile: sizes that overflow, spin or exhaust memory (exit 8), and an unwritable out "
    "folder (exit 7)",
    "[cli][hostile]") {
  test::TempDir d;
  test::spit(d / "afile", "a file, not a folder\n");
  check_cases(
      {
          {"cell of 1e-300 m (spun for minutes)",
           "density --incidents " + kInc + " --out d.tif --cell-m 1e-300", 8, "far too large"},
          {"cell of 1e-6 m (needed 'less' than 1e-5)",
           "density --incidents " + kInc + " --out d.tif --cell-m 1e-6", 8, "far too large"},
          {"an extent of 4.6e18 m",
           "density --incidents " + kInc +
               " --out d.tif --extent 208000,0,208004,4611686018427388928 --method exact",
           8, "far too large"},
          {"hexagons of 1e-300 m (exit 9)",
           "stats --incidents " + kInc + " --hex --grid-m 1e-300 " + kExtent +
               " --method gistar --out s.csv",
           8, "far too large"},
          {"cells of 1e-300 m (exit 6, '0 units')",
           "stats --incidents " + kInc + " --grid-m 1e-300 " + kExtent +
               " --method gistar --out s.csv",
           8, "far too large"},
          {"--max-memory-mb means what it says",
           "density --incidents " + kInc + " --out d.tif --max-memory-mb 1", 8,
           "more than the 1 MB available"},
          {"synthetic rows beyond memory", "synth --out s.csv --scale 100000 --max-memory-mb 64", 8,
           "of memory"},
          {"a million years of synthetic rows (grew 40 MB/s)",
           "synth --out s.csv --years 2018-999999", 8, "of memory"},
          {"a band of 1e9 m on 250 m cells (grew 150 MB/s)",
           "stats --incidents " + kInc + " --grid-m 250 " + kExtent +
               " --method gistar --weights distance:1e9 --out s.csv",
           8, "neighbour pairs"},
          {"an out folder below a file",
           "run " + q(test::geodata() / "deventer.toml") + " --out afile/x", 7, "cannot create"},
      },
      d);
  CHECK_FALSE(fs::exists(d / "d.tif"));
  CHECK_FALSE(fs::exists(d / "s.csv"));
}

TEST_CASE("cli.hostile: values that gave silent nonsense are refused with a message",
          "[cli][hostile]") {
  test::TempDir d;
  test::spit(d / "same.csv", "x,y\n208353,474975\n208353,474975\n208353,474975\n208353,474975\n");
  test::spit(d / "w0.csv", "x,y,w\n208353,474975,0\n208363,474975,0\n208353,474985,0\n");
  const std::string den = "density --incidents " + kInc + " --out d.tif ";
  const std::string st =
      "stats --incidents " + kInc + " --grid-m 250 " + kExtent + " --method gistar --out s.csv ";
  const std::string rt = "route --stops " + kPlaces + " --out r --iterations 50 ";
  check_cases(
      {
          {"--bandwidth-m 0 meant auto", den + "--bandwidth-m 0", 2, "not positive"},
          {"a kernel between the cell centres", den + "--bandwidth-m 1e-9", 2,
           "less than one 25 m cell"},
          {"a kernel wider than the world", den + "--bandwidth-m 1e9", 2, "would be flat"},
          {"automatic bandwidth on one spot",
           "density --incidents " + q(d / "same.csv") + " --out d.tif", 6, "one spot"},
          {"all weights zero",
           "density --incidents " + q(d / "w0.csv") +
               " --weight-col w --bandwidth-m 300 --out d.tif",
           6, "weight 0"},
          {"threshold below zero", den + "--hotspots h.geojson --threshold -1", 2,
           "not a density above 0"},
          {"top and threshold together", den + "--hotspots h.geojson --top 5% --threshold 10", 2,
           "both choose"},
          {"--top without --hotspots", den + "--top 5%", 2, "no --hotspots file"},
          {"a band reaching every unit (NaN z)", st + "--weights distance:30000", 2,
           "every unit a neighbour"},
          {"k reaching every unit (NaN z)", st + "--weights knn:100000", 2, "every one of the"},
          {"depot nan,nan", rt + "--shift 20:00-23:00 --depot nan,nan", 2, "not a place"},
          {"speed 0 ignored", rt + "--shift 20:00-23:00 --speed-kmh 0", 2, "not a travel speed"},
          {"speed -5 ignored", rt + "--shift 20:00-23:00 --speed-kmh -5", 2, "not a travel speed"},
          {"detour 0 ignored", rt + "--shift 20:00-23:00 --detour 0", 2,
           "not a factor from 1 to 10"},
          {"a 24-hour shift by accident", rt + "--shift 19:00-19:00", 2,
           "starts and ends at the same time"},
          {"years before 1900", "synth --out s.csv --years 1800-1805", 2, "outside 1900-2100"},
          {"--total 0 ignored", "synth --out s.csv --total 0", 2, "not a positive number"},
          {"--total -5 ignored", "synth --out s.csv --total -5", 2, "not a positive number"},
          {"--total and --scale together", "synth --out s.csv --total 1000 --scale 2", 2,
           "both set the size"},
          {"--years with a tail", "synth --out s.csv --years 2018-2022x", 2, "is not FROM-TO"},
          {"--suppress-below -5 ignored", "export --gpkg e.gpkg --suppress-below -5 " + kBuurten, 2,
           "is out of range. Fix: give a value from 0 to 1000"},
          {"--crs foo (matched Amersfoort, exit 6)",
           "join --areas " + kBuurten + " --incidents " + kInc + " --out j.csv --crs foo", 5,
           "unknown coordinate reference system 'foo'"},
      },
      d);
  CHECK_FALSE(fs::exists(d / "d.tif"));
  CHECK_FALSE(fs::exists(d / "s.csv"));
  CHECK_FALSE(fs::exists(d / "r"));
}

TEST_CASE("cli.hostile: huge weights are rejected per row and the raster stays finite",
          "[cli][hostile]") {
  test::TempDir d;
  test::spit(d / "wbig.csv",
             "x,y,w\n208353,474975,1e300\n208363,474975,1e300\n208353,474985,1\n208400,475000,2\n");
  const auto r = test::run_cli("density --internal --incidents " + q(d / "wbig.csv") +
                               " --weight-col w --bandwidth-m 300 --out " + q(d / "d.tif"));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.find("read 4, joined 2, outside 0, rejected 2, filtered 0") != std::string::npos);
  hotspot::io::ensure_gdal();
  hotspot::io::DatasetPtr ds(GDALDataset::Open((d / "d.tif").c_str(), GDAL_OF_RASTER));
  REQUIRE(ds);
  double mm[2];
  REQUIRE(ds->GetRasterBand(1)->ComputeRasterMinMax(FALSE, mm) == CE_None);
  CHECK(std::isfinite(mm[1]));
  CHECK(mm[1] > 0);
}

TEST_CASE("cli.hostile: the summary line accounts for filtered rows and rows without a time",
          "[cli][hostile]") {
  test::TempDir d;
  test::spit(d / "t.csv",
             "x,y,category,timestamp\n208353,474975,a,2022-01-01T10:00:00\n208353,474975,a,\n"
             "208363,474975,b,2021-05-01T23:00:00\n208373,474975,b,2021-05-01T10:30:00\n1,2,a,\n");
  const auto r = test::run_cli("density --internal --incidents " + q(d / "t.csv") +
                               " --hours 8-12 --bandwidth-m 300 --out " + q(d / "d.tif"));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  std::smatch m;
  REQUIRE(std::regex_search(
      r.err, m,
      std::regex(R"(read (\d+), joined (\d+), outside (\d+), rejected (\d+), filtered (\d+)\n$)")));
  CHECK(m[1] == "5");
  CHECK(m[4] == "1");  // 1,2 is outside RD's area
  CHECK(m[5] == "2");  // the row without a time and the one at 23:00
  CHECK(std::stoi(m[2]) + std::stoi(m[3]) + std::stoi(m[4]) + std::stoi(m[5]) == 5);
  CHECK(r.err.find("have no timestamp") != std::string::npos);
  // join: a row without a time counts in n_unknown, so n_incidents = the sum of the periods.
  for (const char* by : {"year", "month"}) {
    INFO(by);
    const auto j = test::run_cli("join --internal --areas " + kBuurten + " --incidents " +
                                 q(d / "t.csv") + " --by " + by + " --out " + q(d / "j.csv"));
    REQUIRE(j.exit_code == 0);
    for (const auto& row : test::read_csv(d / "j.csv")) {
      long sum = 0;
      for (const auto& [k, v] : row)
        if (std::regex_match(k, std::regex(R"(n_(\d{4}(_\d\d)?|unknown))"))) sum += std::stol(v);
      CHECK(sum == std::stol(row.at("n_incidents")));
    }
  }
}

TEST_CASE("cli.hostile: a full disk fails the command (exit 7) and keeps the previous file",
          "[cli][hostile][disk]") {
  test::TempDir d;
  const std::string join = "join --areas " + kBuurten + " --incidents " + kInc + " --out ";
  // Previous results, then the same commands under a file-size limit (EFBIG = a full disk).
  for (const char* name : {"b.geojson", "b.csv", "b.gpkg"}) {
    INFO(name);
    REQUIRE(test::run_cli(join + q(d / name)).exit_code == 0);
    const std::string before = hotspot::sha256_file(d / name);
    const auto r = test::run_cli_limited("ulimit -f 16", join + q(d / name), 120, d.path);
    INFO(r.err);
    CHECK(r.exit_code == 7);
    CHECK(r.err.find("the previous file is kept") != std::string::npos);
    CHECK(hotspot::sha256_file(d / name) == before);
  }
  const std::string den = "density --incidents " + kInc + " --out " + q(d / "o.tif") +
                          " --hotspots " + q(d / "h.geojson") + " --top 5%";
  REQUIRE(test::run_cli(den).exit_code == 0);
  const std::string tif = hotspot::sha256_file(d / "o.tif"),
                    hs = hotspot::sha256_file(d / "h.geojson");
  const auto r = test::run_cli_limited("ulimit -f 8", den, 120, d.path);
  CHECK(r.exit_code == 7);
  CHECK(hotspot::sha256_file(d / "o.tif") == tif);
  CHECK(hotspot::sha256_file(d / "h.geojson") == hs);
  // No temporary file is left behind.
  for (const auto& e : fs::directory_iterator(d.path))
    CHECK(e.path().filename().string().find(".tmp-") == std::string::npos);
}

TEST_CASE(
    "cli.hostile: a pipeline on a full disk reports the failure and replaces no file with a "
    "truncated one",
    "[cli][hostile][disk][run]") {
  test::TempDir d;
  const std::string run = "run " + q(test::geodata() / "deventer.toml") + " --out " + q(d / "out");
  REQUIRE(test::run_cli(run).exit_code == 0);
  const auto before = tree(d / "out");
  const auto r = test::run_cli_limited("ulimit -f 64", run, 300, d.path);
  INFO(r.err);
  CHECK(r.exit_code == 7);
  // The run is deterministic, so every file present must still be byte-identical to the
  // first run's: a truncated file renamed into place would differ.
  const auto after = tree(d / "out");
  for (const auto& [name, h] : after) {
    INFO(name);
    CHECK(name.find(".tmp-") == std::string::npos);
    if (name != "manifest.json" && before.count(name)) CHECK(before.at(name) == h);
  }
}

TEST_CASE("cli.hostile: no output may overwrite an input or another output", "[cli][hostile]") {
  test::TempDir d;
  fs::copy_file(test::geodata() / "deventer_incidents_synth.csv", d / "inc.csv");
  fs::copy_file(test::geodata() / "deventer_buurten.geojson", d / "b.geojson");
  const std::string sum = hotspot::sha256_file(d / "inc.csv");
  const std::string j = "join --areas " + kBuurten + " --incidents " + q(d / "inc.csv");
  check_cases(
      {
          {"--out is the input", j + " --out " + q(d / "inc.csv"), 2, "would be overwritten"},
          {"--out is the input by another path", j + " --out " + q(d.path / "x" / ".." / "inc.csv"),
           2, "would be overwritten"},
          {"--rejects is the input",
           j + " --out " + q(d / "j.csv") + " --rejects " + q(d / "inc.csv"), 2,
           "would be overwritten"},
          {"two outputs are one file", j + " --out " + q(d / "j.csv") + " --out " + q(d / "j.csv"),
           2, "are the same file"},
          {"--hotspots is the input",
           "density --incidents " + q(d / "inc.csv") + " --out " + q(d / "d.tif") + " --hotspots " +
               q(d / "inc.csv") + " --top 5%",
           2, "would be overwritten"},
          {"export's project over its layer",
           "export --gpkg " + q(d / "x.gpkg") + " --qgs " + q(d / "b.geojson") + " " +
               q(d / "b.geojson"),
           2, "would be overwritten"},
      },
      d);
  CHECK(hotspot::sha256_file(d / "inc.csv") == sum);
  CHECK(hotspot::sha256_file(d / "b.geojson") ==
        hotspot::sha256_file(test::geodata() / "deventer_buurten.geojson"));
  // Pipelines: png onto a result, a stage name leaving the out folder, a name clash.
  const std::string toml = test::slurp(test::geodata() / "deventer.toml");
  auto variant = [&](const std::string& from, const std::string& to) {
    std::string t = std::regex_replace(toml, std::regex(from), to);
    t = std::regex_replace(t, std::regex("\"deventer_"),
                           "\"" + test::geodata().string() + "/deventer_");
    test::spit(d / "p.toml", t);
    return test::run_cli("run " + q(d / "p.toml") + " --out " + q(d / "pout"));
  };
  for (const auto& [from, to, says] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"png = \"[^\"]*\"", "png = \"buurten.geojson\"", "not a PNG file name"},
           {"png = \"[^\"]*\"", "png = \"../x.png\"", "not a PNG file name"},
           {"name = \"wijken\"", "name = \"../wijken\"", "not a plain file name"},
           {"name = \"wijken\"", "name = \"buurten\"", "two stages are named"}}) {
    INFO(to);
    const auto r = variant(from, to);
    INFO(r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(says) != std::string::npos);
    CHECK_FALSE(fs::exists(d / "pout"));
    CHECK_FALSE(fs::exists(d / "x.png"));
  }
}

TEST_CASE("cli.hostile: every TOML file is checked before toml11 reads it", "[cli][hostile]") {
  test::TempDir d;
  const auto reg = fs::path(HOTSPOT_SOURCE_DIR) / "tests" / "fuzz" / "regressions" /
                   "pipeline-toml11-overflow.toml";
  const auto r = test::run_cli("score --locations " + kPlaces + " --incidents " + kInc +
                               " --config " + q(reg) + " --out " + q(d / "s.csv"));
  INFO(r.err);
  CHECK(r.exit_code == 4);
  CHECK(r.err.find("not UTF-8 text") != std::string::npos);
  // In a pipeline the stage's config is read only when the stage runs: the run fails there
  // with the same clear message (issue 12 will check it while planning).
  std::string toml = test::slurp(test::geodata() / "deventer.toml");
  toml = std::regex_replace(toml, std::regex("\"deventer_"),
                            "\"" + test::geodata().string() + "/deventer_");
  toml = std::regex_replace(toml, std::regex("\\[\\[score\\]\\]\n"),
                            "[[score]]\nconfig = \"" + reg.string() + "\"\n");
  test::spit(d / "p.toml", toml);
  const auto p = test::run_cli("run " + q(d / "p.toml") + " --out " + q(d / "pout"));
  INFO(p.err);
  CHECK(p.exit_code == 4);
  CHECK(p.err.find("not UTF-8 text") != std::string::npos);
}

TEST_CASE("cli.hostile: an area GeoJSON in RD metres without a crs member is named, not spammed",
          "[cli][hostile]") {
  test::TempDir d;
  // The buurten in RD coordinates, written as GeoJSON without a "crs" member.
  {
    hotspot::io::ensure_gdal();
    hotspot::io::DatasetPtr src(
        GDALDataset::Open((test::geodata() / "deventer_buurten.geojson").c_str(), GDAL_OF_VECTOR));
    REQUIRE(src);
    char** opts = nullptr;
    opts = CSLAddString(opts, "-t_srs");
    opts = CSLAddString(opts, "EPSG:28992");
    opts = CSLAddString(opts, "-lco");
    opts = CSLAddString(opts, "RFC7946=NO");
    std::unique_ptr<GDALVectorTranslateOptions, decltype(&GDALVectorTranslateOptionsFree)> o(
        GDALVectorTranslateOptionsNew(opts, nullptr), &GDALVectorTranslateOptionsFree);
    CSLDestroy(opts);
    GDALDatasetH h = GDALDataset::ToHandle(src.get());
    hotspot::io::DatasetPtr out(GDALDataset::FromHandle(
        GDALVectorTranslate((d / "rd.geojson").c_str(), nullptr, 1, &h, o.get(), nullptr)));
    REQUIRE(out);
  }
  std::string js = test::slurp(d / "rd.geojson");
  js = std::regex_replace(js, std::regex("\"crs\": \\{[^}]*\\} \\},"), "");
  REQUIRE(js.find("\"crs\"") == std::string::npos);
  test::spit(d / "rd_nocrs.geojson", js);
  check_cases(
      {{"RD coordinates read as WGS84",
        "join --areas " + q(d / "rd_nocrs.geojson") + " --incidents " + kInc + " --out j.csv", 5,
        "--areas-crs EPSG:28992"}},
      d);
  const auto ok =
      test::run_cli("join --areas " + q(d / "rd_nocrs.geojson") +
                    " --areas-crs EPSG:28992 --incidents " + kInc + " --out " + q(d / "j.csv"));
  CHECK(ok.exit_code == 0);
  CHECK(ok.err.find("read 4601, joined 4601") != std::string::npos);
}

TEST_CASE("cli.hostile: columns X and x are one name to SQLite: every format writes x_2",
          "[cli][hostile]") {
  test::TempDir d;
  // Two squares with attributes X and x (GeoJSON allows both).
  test::spit(d / "a.geojson", R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"X":1,"x":"a"},"geometry":{"type":"Polygon","coordinates":[[[6.15,52.24],[6.17,52.24],[6.17,52.26],[6.15,52.26],[6.15,52.24]]]}},
{"type":"Feature","properties":{"X":2,"x":"b"},"geometry":{"type":"Polygon","coordinates":[[[6.17,52.24],[6.19,52.24],[6.19,52.26],[6.17,52.26],[6.17,52.24]]]}}]})");
  const auto r =
      test::run_cli("join --areas " + q(d / "a.geojson") + " --incidents " + kInc + " --out " +
                    q(d / "j.gpkg") + " --out " + q(d / "j.csv") + " --out " + q(d / "j.geojson"));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  auto ds = hotspot::io::open_vector((d / "j.gpkg").string());
  OGRFeatureDefn* defn = ds->GetLayer(0)->GetLayerDefn();
  CHECK(defn->GetFieldIndex("X") >= 0);
  CHECK(defn->GetFieldIndex("x_2") >= 0);
  const auto rows = test::read_csv(d / "j.csv");
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].at("x_2") == "a");
  CHECK(rows[1].at("X") == "2");
}

TEST_CASE("cli.hostile: flexteam times across the DST changes run forward, in UTC in the GPX",
          "[cli][hostile][route]") {
  test::TempDir d;
  for (const std::string date : {"2022-03-27", "2022-10-30"}) {
    INFO(date);
    const auto r = test::run_cli("route --stops " + kPlaces + " --shift 00:00-04:00 --date " +
                                 date + " --iterations 200 --out " + q(d / date));
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const std::string gpx = test::slurp(d / date / "team_1.gpx");
    std::vector<std::string> times;
    const std::regex tr("<time>([^<]*)</time>");
    for (auto it = std::sregex_iterator(gpx.begin(), gpx.end(), tr); it != std::sregex_iterator();
         ++it)
      times.push_back((*it)[1]);
    REQUIRE(times.size() >= 3);
    CHECK(std::is_sorted(times.begin(), times.end()));  // ISO 8601 UTC sorts as time
    CHECK(times.front() ==
          (date == "2022-03-27" ? "2022-03-26T23:00:00Z" : "2022-10-29T22:00:00Z"));
    // The shift has `real_h` real hours: the last waypoint is inside them.
    const auto rows = test::read_csv(d / date / "schedule.csv");
    CHECK(rows.back().at("stop_id") == "depot");
    const int h = std::stoi(rows.back().at("arrival").substr(0, 2));
    CHECK(h < 4);
  }
  // Spring: no wall-clock time in the skipped hour appears in the schedule.
  for (const auto& row : test::read_csv(d / "2022-03-27" / "schedule.csv"))
    CHECK(row.at("arrival").substr(0, 2) != "02");
}
