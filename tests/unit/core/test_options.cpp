// One declaration of every option (issue 12): conversion, ranges, choices and lists are
// checked in one place, with errors that name the option.
#include <catch2/catch.hpp>

#include <cmath>

#include "hotspot/core/error.hpp"
#include "hotspot/core/options.hpp"

using hotspot::Error;
using hotspot::ErrorCode;
using hotspot::OptionSet;

namespace {

struct Cfg {
  std::string kernel = "quartic";
  int teams = 1;
  double cell_m = 25;
  bool hex = false;
  std::vector<std::string> category;
  std::vector<double> coverage{1, 5};
  std::uint64_t seed = 7;
  char delimiter = 0;
};

void declare(OptionSet& s, Cfg& c) {
  s.opt("kernel", &c.kernel, "Kernel").choices({"quartic", "gaussian"});
  s.opt("teams", &c.teams, "Teams").range(1, 50);
  s.opt("cell-m", &c.cell_m, "Cell size").unit("m").above(0);
  s.opt("hex", &c.hex, "Hexagons");
  s.opt("category", &c.category, "Categories").comma().alias("categorie");
  s.opt("coverage", &c.coverage, "Coverage in %").range(0, 100);
  s.opt("seed", &c.seed, "Seed");
  s.opt("delimiter", &c.delimiter, "Delimiter");
}

std::string error_of(OptionSet& s, const std::string& key, const std::vector<std::string>& v,
                     ErrorCode* code = nullptr) {
  try {
    s.assign(key, v);
  } catch (const Error& e) {
    if (code) *code = e.code();
    CHECK(e.where().field == (s.find(key) ? s.find(key)->key : key));
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("options: values are converted into the config fields", "[options]") {
  Cfg c;
  OptionSet s;
  declare(s, c);
  s.assign("kernel", {"gaussian"});
  s.assign("teams", {"3"});
  s.assign("cell-m", {"12.5"});
  s.assign("hex", {});
  s.assign("categorie", {"overlast,drugs", "inbraak"});  // by alias, comma-separated and repeated
  s.assign("coverage", {"2,10"});
  s.assign("seed", {"18446744073709551615"});
  s.assign("delimiter", {";"});
  CHECK(c.kernel == "gaussian");
  CHECK(c.teams == 3);
  CHECK(c.cell_m == 12.5);
  CHECK(c.hex);
  CHECK(c.category == std::vector<std::string>{"overlast", "drugs", "inbraak"});
  CHECK(c.coverage == std::vector<double>{2, 10});  // a given list replaces the default
  CHECK(c.seed == UINT64_MAX);
  CHECK(c.delimiter == ';');
  CHECK(s.given("category"));
  CHECK(s.given("teams"));
  CHECK_FALSE(s.given("kernel") == false);
  CHECK(s.find("categorie")->key == "category");
  CHECK(s.find("teams")->default_text == "1");
  CHECK(s.find("cell-m")->unit == "m");
}

TEST_CASE("options: every kind of bad value is refused, naming the option", "[options]") {
  Cfg c;
  OptionSet s;
  declare(s, c);
  ErrorCode code{};
  CHECK(error_of(s, "teams", {"two"}, &code).find("--teams 'two' is not a whole number") !=
        std::string::npos);
  CHECK(code == ErrorCode::Usage);
  CHECK(error_of(s, "teams", {"0"}).find("out of range") != std::string::npos);
  CHECK(error_of(s, "teams", {"51"}).find("out of range") != std::string::npos);
  CHECK(error_of(s, "teams", {"3.5"}).find("not a whole number") != std::string::npos);
  CHECK(error_of(s, "teams", {"99999999999999999999"}).find("too large") != std::string::npos);
  CHECK(error_of(s, "teams", {""}).find("not a whole number") != std::string::npos);
  CHECK(error_of(s, "cell-m", {"0"}).find("out of range") != std::string::npos);  // above 0
  CHECK(error_of(s, "cell-m", {"nan"}).find("not a number") != std::string::npos);
  CHECK(error_of(s, "cell-m", {"inf"}).find("not a number") != std::string::npos);
  CHECK(error_of(s, "cell-m", {"25m"}).find("not a number") != std::string::npos);
  CHECK(error_of(s, "cell-m", {"1e400"}).find("not a number") != std::string::npos);
  CHECK(error_of(s, "kernel", {"biweight2"}).find("not one of the allowed values") !=
        std::string::npos);
  CHECK(error_of(s, "coverage", {"5,200"}).find("out of range") != std::string::npos);
  CHECK(error_of(s, "hex", {"misschien"}).find("not true or false") != std::string::npos);
  CHECK(error_of(s, "seed", {"-1"}).find("--seed") != std::string::npos);
  CHECK(error_of(s, "delimiter", {";;"}).find("not one character") != std::string::npos);
  CHECK(error_of(s, "teams", {"1", "2"}).find("takes one value") != std::string::npos);
  CHECK(error_of(s, "nope", {"1"}).find("unknown option --nope") != std::string::npos);
  // A refused value leaves the field as it was.
  CHECK(c.teams == 1);
  CHECK(c.cell_m == 25);
}

TEST_CASE("options: required options and double declarations", "[options]") {
  std::string out;
  OptionSet s;
  s.opt("out", &out, "Output").required();
  CHECK_THROWS_AS(s.check_required(), Error);
  s.assign("out", {"x.csv"});
  CHECK_NOTHROW(s.check_required());
  std::string other;
  CHECK_THROWS_AS(s.opt("out", &other, "again"), Error);
}
