// Real exports in (issue 14): an export shaped like a municipality's, made from the clean
// shipped file with every trap, must give exactly the clean file's counts per buurt,
// category and year; and each trap alone.
#include <catch2/catch.hpp>

#include <regex>

#include <gdal_priv.h>

#include "../support.hpp"
#include "hotspot/core/incidents.hpp"
#include "hotspot/io/addresses.hpp"
#include "hotspot/io/dates.hpp"
#include "hotspot/io/gdal_handles.hpp"

namespace fs = std::filesystem;

namespace {
std::string q(const fs::path& p) {
  return "'" + p.string() + "'";
}
const std::string kBuurten = q(test::geodata() / "deventer_buurten.geojson");

struct Clean {
  std::string id, x, y, category, timestamp;
};
std::vector<Clean> clean_rows() {
  std::vector<Clean> out;
  for (const auto& r : test::read_csv(test::geodata() / "deventer_incidents_synth.csv"))
    out.push_back({r.at("id"), r.at("x"), r.at("y"), r.at("category"), r.at("timestamp")});
  return out;
}

std::string comma(std::string s) {
  for (auto& c : s)
    if (c == '.') c = ',';
  return s;
}

/// "2022-12-31T23:15:09" -> "31-12-2022 23:15:09"
std::string dutch(const std::string& iso) {
  return iso.substr(8, 2) + "-" + iso.substr(5, 2) + "-" + iso.substr(0, 4) + " " + iso.substr(11);
}

/// Every n_ column of every row, keyed by buurtcode.
std::map<std::string, std::map<std::string, std::string>> counts(const fs::path& csv) {
  std::map<std::string, std::map<std::string, std::string>> out;
  for (const auto& r : test::read_csv(csv))
    for (const auto& [k, v] : r)
      if (k.rfind("n_", 0) == 0 && k != "n_buurten") out[r.at("buurtcode")][k] = v;
  return out;
}
}  // namespace

TEST_CASE(
    "cli.exports: a messy export gives exactly the clean file's counts per buurt, category and "
    "year",
    "[cli][exports]") {
  test::TempDir d;
  const auto rows = clean_rows();
  REQUIRE(rows.size() == 4601);
  // The traps: Dutch headers, ';', decimal comma, dd-mm-yyyy, CRLF, Windows-1252 text,
  // spellings that differ in case, spaces and words (mapped), and 4 % of the rows with an
  // address instead of coordinates (placed from an address file in the BAG's columns).
  std::string messy =
      "Meldingnummer;X-coordinaat;Y-coordinaat;Soort melding;Datum/tijd "
      "melding;Adres;Omschrijving\r\n";
  std::string book =
      "openbare_ruimte_naam;huisnummer;huisletter;toevoeging;postcode;woonplaats_naam;x;y\n";
  const std::map<std::string, std::vector<std::string>> spell{
      {"jeugdoverlast",
       {"Jeugdoverlast", "jeugdoverlast ", "JEUGDOVERLAST", "Overlast jeugd", "JOV",
        "  Jeugdoverlast\xA0"}},
      {"woninginbraak", {"Woninginbraak", "Inbraak woning", "WONINGINBRAAK"}},
  };
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& r = rows[i];
    std::string cat = r.category;
    if (auto it = spell.find(cat); it != spell.end()) cat = it->second[i % it->second.size()];
    if (cat == "drugs" && i % 2) cat = "Drugs";
    std::string x = comma(r.x), y = comma(r.y), adres;
    if (i % 25 == 7) {  // address only
      const std::string street = i % 2 ? "Keizerstraat" : "Brink";
      const std::string forms[] = {" A", "a", "-A", ""};
      adres = street + " " + std::to_string(i) + forms[i % 4];
      book += fmt::format("{};{};{};;7411HE;Deventer;{};{}\n", street, i, i % 4 == 3 ? "" : "A",
                          r.x, r.y);
      x.clear();
      y.clear();
    }
    messy += fmt::format("{};{};{};{};{};{};caf\xE9 bij de brug\r\n", r.id, x, y, cat,
                         dutch(r.timestamp), adres);
  }
  test::spit(d / "export.csv", messy);
  test::spit(d / "bag.csv", book);
  test::spit(d / "categorieen.toml",
             "[categories]\njeugdoverlast = [\"Overlast jeugd\", \"JOV\"]\nwoninginbraak = "
             "[\"Inbraak woning\"]\n");

  const auto c = test::run_cli("join --areas " + kBuurten + " --incidents " +
                               q(test::geodata() / "deventer_incidents_synth.csv") +
                               " --by year --out " + q(d / "clean.csv"));
  REQUIRE(c.exit_code == 0);
  const auto m = test::run_cli("join --areas " + kBuurten + " --incidents " + q(d / "export.csv") +
                               " --categories " + q(d / "categorieen.toml") + " --addresses " +
                               q(d / "bag.csv") + " --by year --out " + q(d / "messy.csv"));
  INFO(m.err);
  REQUIRE(m.exit_code == 0);
  CHECK(m.err.find("read 4601, joined 4601, outside 0, rejected 0, geocoded 184") !=
        std::string::npos);
  CHECK(m.err.find("geocoded 184 of 184 rows without coordinates") != std::string::npos);
  CHECK(m.err.find("Windows-1252") != std::string::npos);
  const auto want = counts(d / "clean.csv"), got = counts(d / "messy.csv");
  REQUIRE(want.size() == 69);
  CHECK(got == want);

  // inspect names every column right.
  const auto in = test::run_cli("inspect " + q(d / "export.csv") + " --categories " +
                                q(d / "categorieen.toml") + " --addresses " + q(d / "bag.csv"));
  INFO(in.out);
  REQUIRE(in.exit_code == 0);
  for (const char* s : {"delimiter ';'", "encoding Windows-1252", "X-coordinaat / Y-coordinaat",
                        "Datum/tijd melding", "day first", "Soort melding", "8 categories",
                        "184 rows, with an address in Adres; 184 placed"})
    CHECK(in.out.find(s) != std::string::npos);

  // The same export as an Excel workbook: numeric x/y cells, date cells, by column name.
  hotspot::io::ensure_gdal();
  {
    GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("XLSX");
    REQUIRE(drv);
    hotspot::io::DatasetPtr ds(
        drv->Create((d / "export.xlsx").c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    REQUIRE(ds);
    OGRLayer* l = ds->CreateLayer("meldingen", nullptr, wkbNone, nullptr);
    // Columns in another order than the CSV's: x and y are found by name.
    OGRFieldDefn soort("Soort melding", OFTString), datum("Pleegdatum", OFTDateTime),
        yd("Y", OFTReal), xd("X", OFTReal);
    for (auto* f : {&soort, &datum, &yd, &xd}) REQUIRE(l->CreateField(f) == OGRERR_NONE);
    for (const auto& r : rows) {
      hotspot::io::FeaturePtr f(OGRFeature::CreateFeature(l->GetLayerDefn()));
      f->SetField(0, r.category.c_str());
      int yy, mo, dd, hh, mi, ss;
      std::sscanf(r.timestamp.c_str(), "%d-%d-%dT%d:%d:%d", &yy, &mo, &dd, &hh, &mi, &ss);
      f->SetField(1, yy, mo, dd, hh, mi, static_cast<float>(ss), 0);
      f->SetField(2, std::stod(r.y));
      f->SetField(3, std::stod(r.x));
      REQUIRE(l->CreateFeature(f.get()) == OGRERR_NONE);
    }
  }
  const auto x = test::run_cli("join --areas " + kBuurten + " --incidents " + q(d / "export.xlsx") +
                               " --by year --out " + q(d / "xlsx.csv"));
  INFO(x.err);
  REQUIRE(x.exit_code == 0);
  CHECK(x.err.find("read 4601, joined 4601, outside 0, rejected 0") != std::string::npos);
  CHECK(counts(d / "xlsx.csv") == want);
}

TEST_CASE("cli.exports: categories fold, map, and never collide with the fixed columns",
          "[cli][exports]") {
  CHECK(hotspot::fold_category("  Jeugd   overlast ") == "jeugd overlast");
  CHECK(hotspot::fold_category("\xC3\x89\xC3\x89N") == "een");  // ÉÉN
  CHECK(hotspot::fold_category("\xC3\xA9\xC3\xA9n") == "een");  // één
  CHECK(hotspot::fold_category("Caf\xC3\xA9-overlast") == "cafe-overlast");
  CHECK(hotspot::fold_category("\xC5\x92uvre \xC3\x9F") == "oeuvre ss");
  test::TempDir d;
  // "incidents" and "2018" as categories; "a-b" and "a b" fold apart but make one column name.
  test::spit(d / "c.csv",
             "x,y,category,timestamp\n208353,474975,incidents,2018-03-01T10:00:00\n208353,474975,"
             "2018,2018-03-01T10:00:00\n"
             "208353,474975,a-b,2019-03-01T10:00:00\n208353,474975,a b,2019-03-01T10:00:00\n"
             "208353,474975,Jeugdoverlast,2019-03-01T10:00:00\n208353,474975,jeugdoverlast "
             ",2019-03-01T10:00:00\n");
  for (const char* ext : {"csv", "geojson", "gpkg"}) {
    INFO(ext);
    const auto r =
        test::run_cli("join --internal --areas " + kBuurten + " --incidents " + q(d / "c.csv") +
                      " --by year --out " + q(d / (std::string("o.") + ext)));
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.err.find("category 'incidents' is written as n_cat_incidents") != std::string::npos);
  }
  hotspot::io::ensure_gdal();
  auto ds = hotspot::io::open_vector((d / "o.gpkg").string());
  OGRLayer* l = ds->GetLayer(0);
  l->SetAttributeFilter("n_incidents > 0");
  hotspot::io::FeaturePtr f(l->GetNextFeature());
  REQUIRE(f);
  CHECK(f->GetFieldAsInteger("n_incidents") == 6);
  CHECK(f->GetFieldAsInteger("n_cat_incidents") == 1);
  CHECK(f->GetFieldAsInteger("n_cat_2018") == 1);
  CHECK(f->GetFieldAsInteger("n_2018") == 2);
  CHECK(f->GetFieldAsInteger("n_2019") == 4);
  CHECK(f->GetFieldAsInteger("n_jeugdoverlast") == 2);
  CHECK(f->GetFieldAsInteger("n_a_b") == 1);
  CHECK(f->GetFieldAsInteger("n_cat_a_b") == 1);
  // Filters use the keys, whatever the case; a filter on a category that is not there lists them.
  const auto ok =
      test::run_cli("density --internal --incidents " + q(d / "c.csv") +
                    " --category JEUGDOVERLAST --bandwidth-m 300 --out " + q(d / "d.tif"));
  CHECK(ok.exit_code == 0);
  CHECK(ok.err.find("filtered 4") != std::string::npos);
  const auto bad = test::run_cli("density --internal --incidents " + q(d / "c.csv") +
                                 " --category inbraak --bandwidth-m 300 --out " + q(d / "d.tif"));
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("categories are: incidents, 2018, a-b, a b, jeugdoverlast") !=
        std::string::npos);
  // A score weight for a category that is not in the data is an error, not ignored.
  test::spit(d / "s.toml", "[score.weights]\ninbraak = 5\n");
  test::spit(d / "loc.csv", "name,x,y\nhier,208353,474975\n");
  const auto sc =
      test::run_cli("score --internal --locations " + q(d / "loc.csv") + " --incidents " +
                    q(d / "c.csv") + " --config " + q(d / "s.toml") + " --out " + q(d / "s.csv"));
  CHECK(sc.exit_code == 2);
  CHECK(sc.err.find("which the incidents do not have") != std::string::npos);
}

TEST_CASE("cli.exports: dates are decided per column, ambiguous ones refused with both readings",
          "[cli][exports]") {
  using hotspot::io::DateKind;
  const auto day =
      hotspot::io::detect_date_format({"03-04-2022 10:00", "13-04-2022 11:00"}, "f", "datum");
  CHECK(day.kind == DateKind::DayFirst);
  CHECK(*day.parse("03-04-2022 10:00") == *hotspot::parse_iso8601("2022-04-03T10:00:00"));
  CHECK(hotspot::io::detect_date_format({"04/13/2022 11:00", "04/03/2022"}, "f", "d").kind ==
        DateKind::MonthFirst);
  CHECK(hotspot::io::detect_date_format({"2018/01/02 01:24:00"}, "f", "d").kind ==
        DateKind::YearFirst);
  CHECK(hotspot::io::detect_date_format({"44562,5", "44563"}, "f", "d").kind ==
        DateKind::ExcelSerial);
  CHECK(*hotspot::io::detect_date_format({"44562.5"}, "f", "d").parse("44562.5") ==
        *hotspot::parse_iso8601("2022-01-01T12:00:00"));
  CHECK_THROWS_WITH(hotspot::io::detect_date_format({"03-04-2022", "05-06-2022"}, "f", "datum"),
                    Catch::Contains("3 April or 4 March"));
  CHECK(*hotspot::io::custom_date_format("%d.%m.%y %H%M").parse("31.12.22 2315") ==
        *hotspot::parse_iso8601("2022-12-31T23:15:00"));
  CHECK_THROWS(hotspot::io::custom_date_format("%d-%m"));
  CHECK(hotspot::io::parse_clock("23:15") == 23 * 3600 + 15 * 60);
  CHECK(hotspot::io::parse_clock("2315") == 23 * 3600 + 15 * 60);
  CHECK_FALSE(hotspot::io::parse_clock("25:00"));

  test::TempDir d;
  // Separate date and time columns; and an ambiguous file refused by the command.
  test::spit(d / "split.csv",
             "x;y;Pleegdatum;Pleegtijd;Incidentsoort\n208353;474975;31-12-2022;23:15;Drugs\n208353;"
             "474975;01-01-2023;0:30;drugs\n");
  const auto r =
      test::run_cli("density --incidents " + q(d / "split.csv") +
                    " --hours 22-02 --from 2022-12-31 --bandwidth-m 300 --out " + q(d / "d.tif"));
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.err.find("filtered 0") != std::string::npos);
  test::spit(d / "amb.csv", "x,y,datum\n208353,474975,03-04-2022\n208353,474975,05-06-2022\n");
  const auto a = test::run_cli("join --areas " + kBuurten + " --incidents " + q(d / "amb.csv") +
                               " --by year --out " + q(d / "j.csv"));
  CHECK(a.exit_code == 4);
  CHECK(a.err.find("--date-format") != std::string::npos);
  const auto given = test::run_cli("join --areas " + kBuurten + " --incidents " + q(d / "amb.csv") +
                                   " --date-format %m-%d-%Y --by month --out " + q(d / "j.csv"));
  CHECK(given.exit_code == 0);
  CHECK(test::slurp(d / "j.csv").find("n_2022_03") != std::string::npos);
  // A period or a time filter without a time column: an error, not silence.
  test::spit(d / "notime.csv", "x,y,soort\n208353,474975,drugs\n");
  const auto nt = test::run_cli("join --areas " + kBuurten + " --incidents " + q(d / "notime.csv") +
                                " --by year --out " + q(d / "j.csv"));
  CHECK(nt.exit_code == 4);
  CHECK(nt.err.find("no time column") != std::string::npos);
}

TEST_CASE("cli.exports: Friday and Saturday night 22-02 is those evenings, across DST too",
          "[cli][exports]") {
  test::TempDir d;
  // Thu 00:30 (Wednesday's night: out), Sat 00:30 (Friday's night: in), Sun 00:30 (Saturday's:
  // in), Sat 23:00 (in), Sun 22:30 (out); 2022-03-27 is a Sunday on the DST night.
  test::spit(d / "n.csv",
             "x,y,timestamp\n208353,474975,2022-03-24T00:30:00\n208353,474975,2022-03-26T00:30:00\n"
             "208353,474975,2022-03-27T00:30:00\n208353,474975,2022-03-26T23:00:00\n208353,474975,"
             "2022-03-27T22:30:00\n"
             "208353,474975,2022-03-27T01:59:00\n208353,474975,2022-03-27T03:10:00\n");
  const auto r =
      test::run_cli("density --incidents " + q(d / "n.csv") +
                    " --days fri,sat --hours 22-02 --bandwidth-m 300 --out " + q(d / "d.tif"));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  // In: Sat 00:30, Sun 00:30, Sat 23:00, Sun 01:59 (03:10 is past the range).
  CHECK(r.err.find("filtered 3") != std::string::npos);
}

TEST_CASE("io.addresses: house numbers and postcodes normalised, postcode first",
          "[io][addresses]") {
  using hotspot::io::normalise_house_number;
  CHECK(normalise_house_number("12", "A", "") == "12a");
  CHECK(normalise_house_number("12a", "", "") == "12a");
  CHECK(normalise_house_number("12-A", "", "") == "12a");
  CHECK(normalise_house_number("012", "", "bis") == "12bis");
  CHECK(normalise_house_number("12.0", "", "") == "12");
  CHECK(hotspot::io::normalise_postcode("7411 he") == "7411HE");
  CHECK(hotspot::io::normalise_postcode("741 1HE").empty() == false);
  CHECK(hotspot::io::normalise_postcode("HE7411").empty());
  const auto q = hotspot::io::AddressQuery::from_line("Laan 1940-1945 12 A, 7411 HE Deventer");
  CHECK(q.street == "Laan 1940-1945");
  CHECK(q.number == "12");
  CHECK(q.suffix == "A");
  CHECK(hotspot::io::normalise_postcode(q.postcode) == "7411HE");
  CHECK(q.place == "Deventer");
  test::TempDir d;
  test::spit(d / "a.csv",
             "straat,huisnummer,postcode,woonplaats,x,y\nBrink,1,7411BR,Deventer,208000,474000\n"
             "Brink,1,8000AA,Zwolle,203000,502000\nMarkt,5,7411AB,Deventer,208100,474100\n");
  hotspot::RunContext ctx;
  const auto book = hotspot::io::AddressBook::load((d / "a.csv").string(), "EPSG:28992", ctx);
  CHECK(book.find({"brink", "1", "", "", "7411 br", ""})->first == 208000);
  CHECK(book.find({"Brink", "1", "", "", "", "ZWOLLE"})->first == 203000);
  CHECK_FALSE(book.find({"Brink", "1", "", "", "", ""}));  // in two places: not a guess
  CHECK(book.find({"MARKT", "5", "", "", "", ""})->first == 208100);
  CHECK_FALSE(book.find({"Markt", "5", "b", "", "", ""}));
}

TEST_CASE("cli.exports: a pipeline gives the schema once in [inputs], for every stage",
          "[cli][exports][run]") {
  test::TempDir d;
  test::spit(
      d / "e.csv",
      "Nr;Oost;Noord;Soort melding;Datum/tijd melding\n1;208353,5;474975;JOV;31-12-2022 23:15\n"
      "2;208353,5;474975;Overlast jeugd;13-01-2021 01:00\n3;208400;475000;drugs;02-02-2022 "
      "12:00\n");
  test::spit(d / "map.toml", "[categories]\njeugdoverlast = [\"Overlast jeugd\", \"JOV\"]\n");
  test::spit(
      d / "p.toml",
      "[run]\nout = \"out\"\n[inputs]\nincidents = \"e.csv\"\nx-col = \"Oost\"\ny-col = \"Noord\"\n"
      "categories = \"map.toml\"\ndate-format = \"%d-%m-%Y %H:%M\"\n"
      "[[join]]\nname = \"buurten\"\nareas = \"" +
          (test::geodata() / "deventer_buurten.geojson").string() +
          "\"\nby = \"year\"\n"
          "[[density]]\nname = \"nacht\"\nhours = \"22-02\"\nbandwidth-m = 300\n");
  const auto r = test::run_cli("run --internal " + q(d / "p.toml"));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  long jov = 0, y2021 = 0;
  for (const auto& row : test::read_csv(d / "out" / "buurten.csv")) {
    jov += std::stol(row.at("n_jeugdoverlast"));
    y2021 += std::stol(row.at("n_2021"));
  }
  CHECK(jov == 2);
  CHECK(y2021 == 1);
  CHECK(r.err.find("read 3, joined 2, outside 0, rejected 0, filtered 1") !=
        std::string::npos);  // the night stage
  // A key [inputs] does not know is refused with the nearest one.
  test::spit(d / "bad.toml",
             "[inputs]\nincidents = \"e.csv\"\ndate-fromat = \"%d\"\n[[join]]\nareas = \"x\"\n");
  const auto b = test::run_cli("run --internal " + q(d / "bad.toml"));
  CHECK(b.exit_code == 2);
  CHECK(b.err.find("did you mean 'date-format'") != std::string::npos);
}
