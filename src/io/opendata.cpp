#include "hotspot/io/opendata.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "hotspot/core/error.hpp"
#include "hotspot/core/incidents.hpp"
#include "hotspot/core/values.hpp"
#include "hotspot/io/csv.hpp"

namespace hotspot::io {

namespace {

std::string trim(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  std::size_t i = 0;
  while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  return s.substr(i);
}

struct Roles {
  std::string crime, region, period, measure;
};

Roles roles(const std::vector<std::string>& cols, const std::string& path) {
  Roles r;
  for (const auto& c : cols) {
    const std::string k = column_safe(c);
    if (r.crime.empty() && (k == "soortmisdrijf" || k == "soort_misdrijf" || k == "misdrijf"))
      r.crime = c;
    else if (r.region.empty() && (k == "wijkenenbuurten" || k == "regios" || k == "regio_s" ||
                                  k == "wijken_en_buurten"))
      r.region = c;
    else if (r.period.empty() && k == "perioden")
      r.period = c;
  }
  for (const auto& c : cols)  // the measure: the first column that is none of the above
    if (c != r.crime && c != r.region && c != r.period && column_safe(c) != "id") {
      r.measure = c;
      break;
    }
  if (r.crime.empty() || r.region.empty() || r.period.empty() || r.measure.empty()) {
    std::string have;
    for (const auto& c : cols) have += (have.empty() ? "" : ", ") + c;
    throw Error(ErrorCode::InputFormat,
                fmt::format("not a police/CBS table of figures per region (columns: {})", have),
                {path},
                "give the TypedDataSet JSON or the CSV download of a table such as 47022NED, with "
                "SoortMisdrijf, "
                "WijkenEnBuurten, Perioden and a figure column");
  }
  return r;
}

std::optional<double> figure(const std::string& text) {
  const std::string t = trim(text);
  if (t.empty() || t == "." || t == "x" || t == "-")
    return std::nullopt;  // suppressed or not available
  double v;
  if (!parse_number(t, v)) return std::nullopt;
  return v;
}

}  // namespace

std::string open_period(const std::string& code0) {
  const std::string code = trim(code0);
  if (code.size() != 8 ||
      !std::all_of(code.begin(), code.begin() + 4, [](unsigned char c) { return std::isdigit(c); }))
    return {};
  const std::string y = code.substr(0, 4), kind = code.substr(4, 2), n = code.substr(6, 2);
  if (kind == "JJ") return y;
  if (kind == "MM" && n >= "01" && n <= "12") return y + "-" + n;
  if (kind == "KW" && n >= "01" && n <= "04") return y + "Q" + n.substr(1);
  return {};
}

OpenData read_opendata(const std::string& path) {
  std::ifstream is(path, std::ios::binary);
  if (!is) throw Error(ErrorCode::InputMissing, "cannot read the file", {path}, "check the path");
  std::stringstream ss;
  ss << is.rdbuf();
  const std::string text = ss.str();
  OpenData d;
  auto add = [&](const std::string& crime, const std::string& region, const std::string& period,
                 std::optional<double> v) {
    const std::string p = open_period(period);
    if (p.empty())
      throw Error(ErrorCode::InputFormat,
                  fmt::format("period '{}' is not a CBS period code (2023JJ00, 2023MM01, 2023KW01)",
                              period),
                  {path}, "give the table as CBS publishes it");
    d.rows.push_back({trim(crime), trim(region), p, v});
  };
  std::size_t first = text.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  if (first != std::string::npos && text[first] == '{') {
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(text);
    } catch (const std::exception& e) {
      throw Error(ErrorCode::InputFormat, fmt::format("not valid JSON: {}", e.what()), {path},
                  "give the TypedDataSet JSON as downloaded");
    }
    if (!j.contains("value") || !j["value"].is_array() || j["value"].empty())
      throw Error(ErrorCode::InputFormat, "no \"value\" array of rows", {path},
                  "give the TypedDataSet (not the metadata) of the table");
    std::vector<std::string> cols;
    for (auto it = j["value"][0].begin(); it != j["value"][0].end(); ++it) cols.push_back(it.key());
    const Roles r = roles(cols, path);
    d.measure = r.measure;
    for (const auto& row : j["value"]) {
      auto str = [&](const std::string& k) {
        return row.contains(k) && row[k].is_string() ? row[k].get<std::string>() : std::string();
      };
      std::optional<double> v;
      if (row.contains(r.measure) && row[r.measure].is_number())
        v = row[r.measure].get<double>();
      else if (row.contains(r.measure) && row[r.measure].is_string())
        v = figure(row[r.measure].get<std::string>());
      add(str(r.crime), str(r.region), str(r.period), v);  // null = suppressed
    }
  } else {
    CsvReader csv(text);
    std::vector<std::string_view> f;
    if (!csv.next(f)) throw Error(ErrorCode::EmptyInput, "the file is empty", {path});
    std::vector<std::string> cols;
    for (auto v : f) cols.push_back(trim(std::string(v)));
    const Roles r = roles(cols, path);
    d.measure = r.measure;
    auto idx = [&](const std::string& c) {
      return static_cast<std::size_t>(std::find(cols.begin(), cols.end(), c) - cols.begin());
    };
    const std::size_t ic = idx(r.crime), ir = idx(r.region), ip = idx(r.period),
                      im = idx(r.measure);
    while (csv.next(f)) {
      if (csv.broken() || f.size() < cols.size())
        throw Error(ErrorCode::InputFormat, fmt::format("line {} is not a full row", csv.line()),
                    {path, "", "", csv.line()}, "give the CSV as downloaded");
      add(std::string(f[ic]), std::string(f[ir]), std::string(f[ip]), figure(std::string(f[im])));
    }
  }
  if (d.rows.empty()) throw Error(ErrorCode::EmptyInput, "no rows", {path});
  return d;
}

Table join_opendata(const OpenData& d, const AreaLayer& areas,
                    const std::vector<std::string>& crimes0,
                    const std::vector<std::string>& periods, std::string* code_column) {
  std::vector<std::string> crimes;
  for (const auto& c : crimes0) crimes.push_back(trim(c));
  if (crimes.empty()) crimes = {"0.0.0"};
  // The area column that holds the region codes: the one matching the most distinct codes
  // (every buurt has the municipality's code GM0150 too, but only one buurt each code).
  std::set<std::string> regions;
  for (const auto& r : d.rows) regions.insert(r.region);
  int best = -1;
  std::size_t best_hits = 0;
  for (std::size_t f = 0; f < areas.table.fields.size(); ++f) {
    std::set<std::string> hit;
    for (const auto& row : areas.table.rows)
      if (const std::string v = trim(value_text(row[f])); regions.count(v)) hit.insert(v);
    if (hit.size() > best_hits) best_hits = hit.size(), best = static_cast<int>(f);
  }
  if (best < 0)
    throw Error(ErrorCode::InputFormat,
                "no area of the layer has a region code of the table (BU..., WK..., GM...)",
                {areas.source}, "give the CBS buurten or wijken of the same year as the table");
  if (code_column) *code_column = areas.table.fields[static_cast<std::size_t>(best)].name;
  // Columns: the selected crimes x the periods present (or asked), in order.
  std::set<std::string> have_periods;
  for (const auto& r : d.rows) have_periods.insert(r.period);
  std::vector<std::string> ps(
      periods.empty() ? std::vector<std::string>(have_periods.begin(), have_periods.end())
                      : periods);
  for (const auto& p : ps)
    if (!have_periods.count(p))
      throw Error(ErrorCode::Usage, fmt::format("the table has no period '{}'", p),
                  {"", "", "--period"},
                  fmt::format("give one of its periods, e.g. {}", *have_periods.begin()));
  std::map<std::tuple<std::string, std::string, std::string>, std::optional<double>> value;
  std::set<std::string> have_crimes;
  for (const auto& r : d.rows) {
    value[{r.region, r.crime, r.period}] = r.value;
    have_crimes.insert(r.crime);
  }
  for (const auto& c : crimes)
    if (!have_crimes.count(c))
      throw Error(
          ErrorCode::Usage, fmt::format("the table has no crime type '{}'", c), {"", "", "--crime"},
          "give its codes as the table writes them, e.g. 0.0.0 (all), 1.1.1 (woninginbraak)");
  Table t;
  t.crs = areas.table.crs;
  t.fields = areas.table.fields;
  for (const auto& c : crimes)
    for (const auto& p : ps)
      t.fields.push_back({"m_" + column_safe(c) + "_" + column_safe(p), FieldType::Real});
  for (std::size_t a = 0; a < areas.size(); ++a) {
    std::vector<Value> row = areas.table.rows[a];
    const std::string code = trim(value_text(areas.table.rows[a][static_cast<std::size_t>(best)]));
    for (const auto& c : crimes)
      for (const auto& p : ps) {
        const auto it = value.find({code, c, p});
        if (it != value.end() && it->second)
          row.emplace_back(*it->second);
        else
          row.emplace_back();  // suppressed or not published: empty, never 0
      }
    t.rows.push_back(std::move(row));
    t.geometries.emplace_back(areas.table.geometries[a]->clone());
  }
  return t;
}

}  // namespace hotspot::io
