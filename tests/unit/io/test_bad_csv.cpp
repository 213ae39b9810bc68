// Hostile CSV input (issue 13): line ends of every kind, stray CRs, unbalanced quotes. Each
// case: nothing crashes, nothing vanishes (read = used + rejected), line numbers are right.
#include <catch2/catch.hpp>

#include "../../support.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/io/csv.hpp"
#include "hotspot/io/incident_reader.hpp"

using namespace hotspot;

namespace {

struct Loaded {
  IncidentTable t;
  RejectsSink rejects;
  io::ReadStats st;
};

Loaded load_text(const std::string& text, io::IncidentSourceConfig cfg = {}) {
  test::TempDir d;
  const auto p = d / "in.csv";
  test::spit(p, text);
  cfg.path = p.string();
  Loaded l;
  RunContext ctx;
  ctx.verbosity = Verbosity::Quiet;
  l.st = io::read_incidents(cfg, l.t, l.rejects, ctx);
  return l;
}

std::vector<std::vector<std::string>> records(const std::string& text,
                                              std::vector<std::int64_t>* lines = nullptr,
                                              std::vector<bool>* broken = nullptr) {
  io::CsvReader r(text, ',');
  std::vector<std::string_view> f;
  std::vector<std::vector<std::string>> out;
  while (r.next(f)) {
    out.emplace_back(f.begin(), f.end());
    if (lines) lines->push_back(r.line());
    if (broken) broken->push_back(r.broken());
  }
  return out;
}

std::string rows(const std::string& eol, int n) {
  std::string s = "x,y" + eol;
  for (int i = 0; i < n; ++i) s += "208353," + std::to_string(474975 + i) + eol;
  return s;
}

}  // namespace

TEST_CASE("io.csv: LF, CRLF and CR-only files give the same records and line numbers",
          "[io][csv][hostile]") {
  for (const std::string eol : {"\n", "\r\n", "\r"}) {
    INFO("line end " << (eol == "\n" ? "LF" : eol == "\r\n" ? "CRLF" : "CR"));
    std::vector<std::int64_t> lines;
    const auto recs = records(rows(eol, 3), &lines);
    REQUIRE(recs.size() == 4);
    CHECK(recs[1] == std::vector<std::string>{"208353", "474975"});
    CHECK(recs[3] == std::vector<std::string>{"208353", "474977"});
    CHECK(lines == std::vector<std::int64_t>{1, 2, 3, 4});
    CHECK(io::detect_line_end(rows(eol, 3)) == (eol == "\r" ? io::LineEnd::CR : io::LineEnd::LF));
  }
}

TEST_CASE("io.incidents: CR-only files of 3 and 6 rows are read whole (was a heap overflow)",
          "[io][csv][hostile]") {
  // The 46-byte file of the hostile test, and one with 6 rows (the release build aborted).
  for (int n : {3, 6, 200}) {
    INFO(n << " rows");
    const Loaded l = load_text(rows("\r", n));
    CHECK(l.st.read == static_cast<std::uint64_t>(n));
    CHECK(l.st.rejected == 0);
    CHECK(l.t.size() == static_cast<std::size_t>(n));
    REQUIRE(l.t.size() > 2);
    CHECK(l.t.source_line[2] == 4);  // line numbers count CRs in a CR-only file
  }
}

TEST_CASE("io.incidents: a stray CR inside a field of an LF file is data, not a line end",
          "[io][csv][hostile]") {
  // 199 rows, two of them with a CR inside a field: still 199 rows read (was "read 216").
  std::string s = "id,x,y,category\n";
  for (int i = 0; i < 199; ++i) {
    std::string cat = "jeugdoverlast";
    std::string y = std::to_string(474975 + i);
    if (i == 10) cat = "jeugd\roverlast";
    if (i == 20) y.insert(3, "\r");
    s += std::to_string(i) + ",208353," + y + "," + cat + "\r\n";
  }
  const Loaded l = load_text(s);
  CHECK(l.st.read == 199);
  CHECK(l.st.read == l.t.size() + l.st.rejected);
  REQUIRE(l.st.rejected == 1);  // the y with a CR in it is not a number
  CHECK(l.rejects.rows()[0].line == 22);
  CHECK(l.rejects.rows()[0].reason.find("non-numeric y") == 0);
}

TEST_CASE("io.csv: an unbalanced quote is one broken record, and reading goes on after it",
          "[io][csv][hostile]") {
  SECTION("a quote that would swallow the next 50 lines") {
    std::string s = "a,b\n1,\"6\"\" pipe\n";
    for (int i = 2; i < 60; ++i) s += std::to_string(i) + ",ok\n";
    s += "60,\"quoted, fine\"\n61,last\n";
    std::vector<std::int64_t> lines;
    std::vector<bool> broken;
    const auto recs = records(s, &lines, &broken);
    REQUIRE(recs.size() == 62);  // header + 61 rows: nothing vanishes
    CHECK(broken[1]);
    CHECK(lines[1] == 2);
    CHECK(recs[2] == std::vector<std::string>{"2", "ok"});
    CHECK(lines[2] == 3);
    CHECK(recs[59] == std::vector<std::string>{"59", "ok"});
    CHECK(recs[60] == std::vector<std::string>{"60", "quoted, fine"});
    CHECK(lines[60] == 61);
    CHECK(lines[61] == 62);
    CHECK_FALSE(broken[60]);
  }
  SECTION("a quote left open at the end of the file") {
    std::vector<bool> broken;
    std::vector<std::int64_t> lines;
    const auto recs = records("a,b\n1,x\n2,\"never closed\n3,y\n", &lines, &broken);
    REQUIRE(recs.size() == 4);
    CHECK(broken == std::vector<bool>{false, false, true, false});
    CHECK(recs[3] == std::vector<std::string>{"3", "y"});
    CHECK(lines[3] == 4);
  }
  SECTION("a proper multi-line quoted field is kept") {
    std::vector<std::int64_t> lines;
    const auto recs = records("a,b\n1,\"two\nlines\"\n2,z\n", &lines);
    REQUIRE(recs.size() == 3);
    CHECK(recs[1][1] == "two\nlines");
    CHECK(lines[2] == 4);
  }
}

TEST_CASE("io.incidents: unbalanced quotes are rejected with their line and the counts reconcile",
          "[io][csv][hostile]") {
  std::string s = "id,x,y,category,timestamp\n";
  for (int i = 0; i < 99; ++i) {
    std::string cat = i == 10 ? "\"6\"\" pipe" : i == 60 ? "\"quoted, fine\"" : "jeugdoverlast";
    s += std::to_string(i) + ",208353," + std::to_string(474975 + i) + "," + cat +
         ",2022-01-01T10:00:00\n";
  }
  const Loaded l = load_text(s);
  CHECK(l.st.read == 99);  // was "read 49, rejected 0"
  CHECK(l.st.rejected == 1);
  CHECK(l.t.size() == 98);
  REQUIRE(l.rejects.size() == 1);
  CHECK(l.rejects.rows()[0].line == 12);
  CHECK(l.rejects.rows()[0].reason.find("unbalanced quote") == 0);
  CHECK(l.rejects.summary().begin()->first == "unbalanced quote");
}

TEST_CASE(
    "io.incidents: rejects after a lon/lat transformation keep their record and the file's line "
    "order",
    "[io][csv][hostile]") {
  // Line 3 is inside WGS84's range but outside RD's area after the transformation; lines 2
  // and 4 are rejected while parsing.
  const Loaded l = load_text("lon,lat\n6.16,abc\n-60.0,-30.0\n6.16,\n6.16,52.25\n");
  CHECK(l.st.read == 4);
  CHECK(l.t.size() == 1);
  REQUIRE(l.rejects.size() == 3);
  CHECK(l.rejects.rows()[0].line == 2);
  CHECK(l.rejects.rows()[1].line == 3);
  CHECK(l.rejects.rows()[1].record == "-60.0,-30.0");
  CHECK(l.rejects.rows()[2].line == 4);
}

TEST_CASE("io.incidents: numbers past double's range are numbers, judged by value",
          "[io][csv][hostile]") {
  double v = -1;
  CHECK(io::parse_number("1e-400", v));
  CHECK(v == 0.0);
  CHECK(io::parse_number("1e400", v));
  CHECK(std::isinf(v));
  CHECK_FALSE(io::parse_number("1e-400x", v));
  // A weight beyond 1e9 is refused per row; 0 is fine.
  const Loaded l = load_text(
      "x,y,w\n208353,474975,1e300\n208353,474975,0\n208353,474975,-1\n208353,474975,2\n", [] {
        io::IncidentSourceConfig c;
        c.weight_col = "w";
        return c;
      }());
  CHECK(l.st.read == 4);
  CHECK(l.st.rejected == 2);
  CHECK(l.rejects.rows()[0].reason.find("bad weight '1e300'") == 0);
}

TEST_CASE("io.incidents: a broken header line is one clear error", "[io][csv][hostile]") {
  try {
    (void)load_text("\"x,y\n1,2\n");
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::InputFormat);
    CHECK(std::string(e.what()).find("header") != std::string::npos);
  }
}
