#include "hotspot/io/addresses.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <filesystem>

#include <fmt/format.h>

#include "hotspot/core/error.hpp"
#include "hotspot/core/incidents.hpp"
#include "hotspot/crs/transform.hpp"
#include "hotspot/io/csv.hpp"
#include "hotspot/io/gdal_handles.hpp"
#include "hotspot/io/incident_reader.hpp"

namespace hotspot::io {

namespace {

constexpr std::array kStreet{"openbare_ruimte_naam", "openbareruimtenaam",
                             "openbare_ruimte",      "straat",
                             "straatnaam",           "street"};
constexpr std::array kNumber{"huisnummer", "huisnr", "nummer", "house_number", "number"};
constexpr std::array kLetter{"huisletter", "letter"};
constexpr std::array kSuffix{"toevoeging", "huisnummertoevoeging", "huisnummer_toevoeging", "toev"};
constexpr std::array kPostcode{"postcode", "postal_code", "zip"};
constexpr std::array kPlace{"woonplaats_naam", "woonplaatsnaam", "woonplaats",
                            "plaats",          "city",           "place"};

template <std::size_t N>
int find(const std::vector<std::string>& header, const std::array<const char*, N>& names) {
  for (const char* want : names)
    for (std::size_t i = 0; i < header.size(); ++i)
      if (column_safe(header[i]) == want) return static_cast<int>(i);
  return -1;
}

struct Cols {
  int street = -1, number = -1, letter = -1, suffix = -1, postcode = -1, place = -1;
};

Cols columns(const std::vector<std::string>& header, const std::string& path) {
  Cols c{find(header, kStreet), find(header, kNumber),   find(header, kLetter),
         find(header, kSuffix), find(header, kPostcode), find(header, kPlace)};
  if (c.number < 0 || (c.street < 0 && c.postcode < 0)) {
    std::string cols;
    for (const auto& h : header) cols += (cols.empty() ? "" : ", ") + h;
    throw Error(
        ErrorCode::InputFormat,
        fmt::format(
            "the address file has no house number with a street or postcode (columns are: {})",
            cols),
        {path},
        "give PDOK's BAG GeoPackage, or a file with huisnummer and openbare_ruimte_naam (or "
        "straat) or postcode columns");
  }
  return c;
}

std::string text(const std::vector<std::string_view>& f, int i) {
  return i >= 0 && static_cast<std::size_t>(i) < f.size()
             ? std::string(f[static_cast<std::size_t>(i)])
             : std::string();
}

}  // namespace

std::string normalise_postcode(std::string_view s) {
  std::string out;
  for (unsigned char c : s)
    if (std::isalnum(c)) out += static_cast<char>(std::toupper(c));
  if (out.size() != 6 ||
      !std::all_of(out.begin(), out.begin() + 4, [](unsigned char c) { return std::isdigit(c); }) ||
      !std::isalpha(static_cast<unsigned char>(out[4])) ||
      !std::isalpha(static_cast<unsigned char>(out[5])))
    return {};
  return out;
}

std::string normalise_house_number(std::string_view number, std::string_view letter,
                                   std::string_view suffix) {
  std::string digits, rest;
  std::size_t i = 0;
  while (i < number.size() && std::isspace(static_cast<unsigned char>(number[i]))) ++i;
  while (i < number.size() && std::isdigit(static_cast<unsigned char>(number[i])))
    digits += number[i++];
  // Excel writes whole numbers as "12.0".
  if (i + 1 < number.size() && number[i] == '.' &&
      std::all_of(number.begin() + static_cast<std::ptrdiff_t>(i) + 1, number.end(),
                  [](char ch) { return ch == '0'; }))
    i = number.size();
  digits.erase(0, std::min(digits.find_first_not_of('0'), digits.size() ? digits.size() - 1 : 0));
  if (digits.empty()) return {};
  auto add = [&](std::string_view s) {
    for (unsigned char c : s)
      if (std::isalnum(c)) rest += static_cast<char>(std::tolower(c));
  };
  add(number.substr(i));
  add(letter);
  add(suffix);
  return digits + rest;
}

AddressQuery AddressQuery::from_line(std::string_view line) {
  AddressQuery q;
  std::string_view head = line, tail;
  if (const auto comma = line.find(','); comma != std::string_view::npos) {
    head = line.substr(0, comma);
    tail = line.substr(comma + 1);
  }
  std::vector<std::string_view> tok;
  for (std::size_t i = 0; i < head.size();) {
    while (i < head.size() && std::isspace(static_cast<unsigned char>(head[i]))) ++i;
    const std::size_t j0 = i;
    while (i < head.size() && !std::isspace(static_cast<unsigned char>(head[i]))) ++i;
    if (i > j0) tok.push_back(head.substr(j0, i - j0));
  }
  std::size_t k = tok.size();
  for (std::size_t i = tok.size();
       i-- > 1;)  // the last token that starts with a digit, after a street word
    if (std::isdigit(static_cast<unsigned char>(tok[i][0]))) {
      k = i;
      break;
    }
  for (std::size_t i = 0; i < std::min(k, tok.size()); ++i)
    q.street += (i ? " " : "") + std::string(tok[i]);
  if (k < tok.size()) {
    q.number = std::string(tok[k]);
    for (std::size_t i = k + 1; i < tok.size(); ++i) q.suffix += std::string(tok[i]);
  }
  // After the comma: a postcode, a place, or both ("7411 HE Deventer").
  std::string t(tail);
  while (!t.empty() && std::isspace(static_cast<unsigned char>(t.front()))) t.erase(0, 1);
  if (t.size() >= 6 && !normalise_postcode(t.substr(0, 7)).empty()) {
    q.postcode = t.substr(0, 7);
    t.erase(0, 7);
  } else if (t.size() >= 6 && !normalise_postcode(t.substr(0, 6)).empty()) {
    q.postcode = t.substr(0, 6);
    t.erase(0, 6);
  }
  while (!t.empty() && std::isspace(static_cast<unsigned char>(t.front()))) t.erase(0, 1);
  q.place = t;
  return q;
}

std::string AddressQuery::describe() const {
  std::string s = street;
  const std::string hn = normalise_house_number(number, letter, suffix);
  if (!hn.empty()) s += (s.empty() ? "" : " ") + hn;
  if (!postcode.empty()) s += (s.empty() ? "" : ", ") + postcode;
  if (!place.empty()) s += (s.empty() ? "" : " ") + place;
  return s;
}

void AddressBook::add(const AddressQuery& a, double x, double y) {
  const std::string hn = normalise_house_number(a.number, a.letter, a.suffix);
  if (hn.empty() || !std::isfinite(x) || !std::isfinite(y)) return;
  const auto id = static_cast<std::int32_t>(points_.size());
  points_.emplace_back(x, y);
  if (const std::string pc = normalise_postcode(a.postcode); !pc.empty())
    by_postcode_.emplace(pc + "|" + hn, id);
  if (!a.street.empty()) {
    const std::string st = fold_category(a.street);
    by_street_.emplace(st + "|" + fold_category(a.place) + "|" + hn, id);
    auto [it, fresh] = by_street_only_.emplace(st + "|" + hn, id);
    if (!fresh && it->second >= 0) {
      const auto& p = points_[static_cast<std::size_t>(it->second)];
      if (std::hypot(p.first - x, p.second - y) > 1.0)
        it->second = -1;  // the same street in two places
    }
  }
}

AddressBook AddressBook::load(const std::string& path, const std::string& working_crs,
                              RunContext& ctx) {
  AddressBook book;
  std::string ext = std::filesystem::path(path).extension().string();
  for (auto& ch : ext) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (ext == ".csv" || ext == ".txt" || ext == ".tsv") {
    MappedFile file(path);
    CsvReader csv(file.data());
    std::vector<std::string_view> f;
    if (!csv.next(f)) throw Error(ErrorCode::EmptyInput, "the address file is empty", {path});
    std::vector<std::string> header(f.begin(), f.end());
    const Cols c = columns(header, path);
    const auto cc = find_coordinate_columns(header, "", "", "", "", path);
    const crs::Transform tf(cc.geographic ? "EPSG:4326" : working_crs, working_crs);
    while (csv.next(f)) {
      if (csv.broken()) continue;
      double x, y;
      if (!parse_number(text(f, cc.x), x) || !parse_number(text(f, cc.y), y)) continue;
      tf.forward(x, y);
      book.add({text(f, c.street), text(f, c.number), text(f, c.letter), text(f, c.suffix),
                text(f, c.postcode), text(f, c.place)},
               x, y);
    }
  } else {
    DatasetPtr ds = open_vector(path);
    OGRLayer* layer = ds->GetLayerByName("verblijfsobject");
    for (int i = 0; !layer && i < ds->GetLayerCount(); ++i)
      if (wkbFlatten(ds->GetLayer(i)->GetGeomType()) == wkbPoint) layer = ds->GetLayer(i);
    if (!layer && ds->GetLayerCount() > 0) layer = ds->GetLayer(0);
    if (!layer)
      throw Error(ErrorCode::InputFormat, "no layer", {path}, "give a layer of address points");
    OGRFeatureDefn* defn = layer->GetLayerDefn();
    std::vector<std::string> header;
    for (int i = 0; i < defn->GetFieldCount(); ++i)
      header.emplace_back(defn->GetFieldDefn(i)->GetNameRef());
    const Cols c = columns(header, path);
    std::string src = srs_to_string(layer->GetSpatialRef());
    if (src.empty()) src = working_crs;
    const crs::Transform tf(src, working_crs);
    auto get = [](OGRFeature& ft, int i) {
      return i >= 0 && ft.IsFieldSetAndNotNull(i) ? std::string(ft.GetFieldAsString(i))
                                                  : std::string();
    };
    layer->ResetReading();
    for (FeaturePtr ft(layer->GetNextFeature()); ft; ft.reset(layer->GetNextFeature())) {
      const OGRGeometry* g = ft->GetGeometryRef();
      if (!g || g->IsEmpty()) continue;
      OGRPoint pt;
      if (wkbFlatten(g->getGeometryType()) == wkbPoint)
        pt = *g->toPoint();
      else if (g->Centroid(&pt) != OGRERR_NONE)
        continue;
      double x = pt.getX(), y = pt.getY();
      tf.forward(x, y);
      book.add({get(*ft, c.street), get(*ft, c.number), get(*ft, c.letter), get(*ft, c.suffix),
                get(*ft, c.postcode), get(*ft, c.place)},
               x, y);
    }
  }
  if (book.size() == 0)
    throw Error(ErrorCode::EmptyInput,
                "the address file holds no address with a house number and a point", {path},
                "check the file: it needs huisnummer and coordinates (or point geometries)");
  ctx.debug("{}: {} addresses", path, book.size());
  return book;
}

std::optional<std::pair<double, double>> AddressBook::find(const AddressQuery& q) const {
  const std::string hn = normalise_house_number(q.number, q.letter, q.suffix);
  if (hn.empty()) return std::nullopt;
  auto at = [&](std::int32_t id) { return points_[static_cast<std::size_t>(id)]; };
  if (const std::string pc = normalise_postcode(q.postcode); !pc.empty())
    if (auto it = by_postcode_.find(pc + "|" + hn); it != by_postcode_.end()) return at(it->second);
  if (q.street.empty()) return std::nullopt;
  const std::string st = fold_category(q.street);
  if (!q.place.empty())
    if (auto it = by_street_.find(st + "|" + fold_category(q.place) + "|" + hn);
        it != by_street_.end())
      return at(it->second);
  if (auto it = by_street_only_.find(st + "|" + hn); it != by_street_only_.end() && it->second >= 0)
    return at(it->second);
  return std::nullopt;
}

}  // namespace hotspot::io
