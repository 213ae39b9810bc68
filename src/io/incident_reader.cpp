#include "hotspot/io/incident_reader.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <map>

#include <cpl_string.h>
#include <fmt/format.h>

#include "hotspot/core/error.hpp"
#include "hotspot/core/parallel.hpp"
#include "hotspot/crs/transform.hpp"
#include "hotspot/io/addresses.hpp"
#include "hotspot/io/categories.hpp"
#include "hotspot/io/csv.hpp"
#include "hotspot/io/dates.hpp"
#include "hotspot/io/gdal_handles.hpp"

namespace hotspot::io {

namespace {

/// Let OGR fetch only the fields `keep` (and the geometry if asked): a database sends no others.
void ignore_all_but(OGRLayer& layer, std::initializer_list<int> keep, bool keep_geometry);

constexpr std::array kXNames{"x",       "rd_x",         "x_rd",    "xcoord", "x_coord",
                             "coord_x", "x_coordinaat", "easting", "oost"};
constexpr std::array kYNames{"y",       "rd_y",         "y_rd",     "ycoord", "y_coord",
                             "coord_y", "y_coordinaat", "northing", "noord"};
constexpr std::array kLonNames{"lon", "lng", "long", "longitude", "lengtegraad"};
constexpr std::array kLatNames{"lat", "latitude", "breedtegraad"};
constexpr std::array kCategoryNames{"category",
                                    "categorie",
                                    "cat",
                                    "incident_type",
                                    "type",
                                    "soort",
                                    "feit",
                                    "delict",
                                    "soort_melding",
                                    "incidentsoort",
                                    "soort_incident",
                                    "meldingsoort",
                                    "categorie_melding",
                                    "type_melding",
                                    "incident_soort",
                                    "delictsoort",
                                    "feitsoort",
                                    "omschrijving_soort"};
// A date and time in one column; else a date-only column with a time of day beside it.
constexpr std::array kDateTimeNames{
    "timestamp", "datetime", "date_time",        "datum_tijd", "datum_tijd_melding",
    "datumtijd", "tijdstip", "tijdstip_melding", "moment",     "datum_en_tijd"};
constexpr std::array kDateNames{"datum",         "date",          "pleegdatum",
                                "meldingsdatum", "datum_melding", "incidentdatum",
                                "melddatum",     "pleeg_datum",   "datum_incident"};
constexpr std::array kClockNames{"time",         "tijd",         "pleegtijd",  "meldingstijd",
                                 "tijd_melding", "aanvangstijd", "pleeg_tijd", "uur"};

template <std::size_t N>
int detect(const std::vector<std::string>& header, const std::array<const char*, N>& names) {
  for (const char* want : names)
    for (std::size_t i = 0; i < header.size(); ++i)
      if (column_safe(header[i]) == want) return static_cast<int>(i);
  return -1;
}

int find_column(const std::vector<std::string>& header, const std::string& name,
                const std::string& path, const char* option) {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return static_cast<int>(i);
  for (std::size_t i = 0; i < header.size(); ++i)  // forgiving: case-insensitive
    if (column_safe(header[i]) == column_safe(name)) return static_cast<int>(i);
  std::string cols;
  for (const auto& h : header) cols += (cols.empty() ? "" : ", ") + h;
  throw Error(ErrorCode::InputFormat, fmt::format("no column '{}' (columns are: {})", name, cols),
              {path, "", name}, fmt::format("name an existing column with {}", option));
}

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return std::string(s);
}

std::string_view trim_view(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// Weights beyond this are refused per row: a million incidents of this weight still sum, and
// draw a density, well inside Float32 (the raster's type) and double.
constexpr double kMaxIncidentWeight = 1e9;

bool inside(const crs::Bounds& b, double x, double y) {
  return x >= b[0] && x <= b[2] && y >= b[1] && y <= b[3];
}

/// Column layout resolved from the header and the config.
struct Columns {
  int x = -1, y = -1, cat = -1, time = -1, weight = -1, clock = -1;
  bool geographic = false;
  std::string x_why, cat_why, time_why;
};

Columns resolve_columns(const std::vector<std::string>& header, const IncidentSourceConfig& cfg,
                        bool require_xy) {
  Columns c;
  const std::string& p = cfg.path;
  if (!cfg.lon_col.empty() || !cfg.lat_col.empty()) {
    if (cfg.lon_col.empty() || cfg.lat_col.empty())
      throw Error(ErrorCode::Usage, "--lon-col and --lat-col go together", {p}, "give both");
    c.x = find_column(header, cfg.lon_col, p, "--lon-col");
    c.y = find_column(header, cfg.lat_col, p, "--lat-col");
    c.geographic = true;
    c.x_why = "given with --lon-col/--lat-col";
  } else if (!cfg.x_col.empty() || !cfg.y_col.empty()) {
    if (cfg.x_col.empty() || cfg.y_col.empty())
      throw Error(ErrorCode::Usage, "--x-col and --y-col go together", {p}, "give both");
    c.x = find_column(header, cfg.x_col, p, "--x-col");
    c.y = find_column(header, cfg.y_col, p, "--y-col");
    c.x_why = "given with --x-col/--y-col";
  } else {
    c.x = detect(header, kXNames);
    c.y = detect(header, kYNames);
    c.x_why = "by their names (projected x/y)";
    if (c.x < 0 || c.y < 0) {
      c.x = detect(header, kLonNames);
      c.y = detect(header, kLatNames);
      c.geographic = c.x >= 0 && c.y >= 0;
      c.x_why = "by their names (longitude/latitude)";
    }
    if ((c.x < 0 || c.y < 0) && require_xy) {
      std::string cols;
      for (const auto& h : header) cols += (cols.empty() ? "" : ", ") + h;
      throw Error(ErrorCode::InputFormat,
                  fmt::format("no coordinate columns found (columns are: {})", cols), {p},
                  "name them with --x-col/--y-col (projected, EPSG:28992 by default) or "
                  "--lon-col/--lat-col (WGS84)");
    }
  }
  if (cfg.category_col == "-")
    c.cat = -1;
  else if (!cfg.category_col.empty()) {
    c.cat = find_column(header, cfg.category_col, p, "--category-col");
    c.cat_why = "given with --category-col";
  } else {
    c.cat = detect(header, kCategoryNames);
    c.cat_why = "by its name";
  }
  if (cfg.time_col == "-") {
    c.time = -1;
  } else if (!cfg.time_col.empty()) {
    c.time = find_column(header, cfg.time_col, p, "--time-col");
    c.time_why = "given with --time-col";
  } else {
    c.time = detect(header, kDateTimeNames);
    c.time_why = "by its name (date and time)";
    if (c.time < 0) {
      c.time = detect(header, kDateNames);
      c.time_why = "by its name (date)";
      if (c.time < 0) {  // a lone "time" column of whole timestamps (the first wave's rule)
        c.time = detect(header, kClockNames);
        c.time_why = "by its name";
      } else if (cfg.clock_col.empty()) {
        c.clock = detect(header, kClockNames);
      }
    }
  }
  if (cfg.clock_col == "-")
    c.clock = -1;
  else if (!cfg.clock_col.empty())
    c.clock = find_column(header, cfg.clock_col, p, "--clock-col");
  if (c.clock == c.time) c.clock = -1;
  if (!cfg.weight_col.empty()) c.weight = find_column(header, cfg.weight_col, p, "--weight-col");
  return c;
}

/// The columns of an incident row that hold its address: one line ("Adres": "Keizerstraat
/// 12 A") or street + house number [+ letter, suffix], with postcode and place when present.
struct AddressColumns {
  int line = -1, street = -1, number = -1, letter = -1, suffix = -1, postcode = -1, place = -1;
  static AddressColumns find(const std::vector<std::string>& header) {
    AddressColumns a;
    a.line = detect(header,
                    std::array{"adres", "address", "locatie_adres", "pleegadres", "adres_melding"});
    a.street = detect(header, std::array{"straat", "straatnaam", "openbare_ruimte_naam",
                                         "openbare_ruimte", "street"});
    a.number = detect(header, std::array{"huisnummer", "huisnr", "nummer", "house_number"});
    a.letter = detect(header, std::array{"huisletter"});
    a.suffix =
        detect(header, std::array{"toevoeging", "huisnummertoevoeging", "huisnummer_toevoeging"});
    a.postcode = detect(header, std::array{"postcode", "postal_code"});
    a.place =
        detect(header, std::array{"plaats", "woonplaats", "woonplaats_naam", "city", "gemeente"});
    return a;
  }
  bool any() const noexcept { return line >= 0 || (number >= 0 && (street >= 0 || postcode >= 0)); }
  template <class Decode>
  AddressQuery query(const std::vector<std::string_view>& f, const Decode& decode) const {
    auto get = [&](int i) {
      return i >= 0 && static_cast<std::size_t>(i) < f.size()
                 ? decode(trim_view(f[static_cast<std::size_t>(i)]))
                 : std::string();
    };
    AddressQuery q;
    if (number >= 0 && (street >= 0 || postcode >= 0) && !get(number).empty()) {
      q.street = get(street);
      q.number = get(number);
      q.letter = get(letter);
      q.suffix = get(suffix);
    } else if (line >= 0) {
      q = AddressQuery::from_line(get(line));
    }
    if (q.postcode.empty()) q.postcode = get(postcode);
    if (q.place.empty()) q.place = get(place);
    return q;
  }
  std::string describe(const std::vector<std::string>& header) const {
    std::string s;
    for (int i : {line, street, number, letter, suffix, postcode, place})
      if (i >= 0) s += (s.empty() ? "" : ", ") + header[static_cast<std::size_t>(i)];
    return s;
  }
};

/// Put rows [from, size()) of `t` in source-line order (stable).
void sort_rows_by_line(IncidentTable& t, std::size_t from) {
  std::vector<std::size_t> order(t.size() - from);
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = from + i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return t.source_line[a] < t.source_line[b];
  });
  auto permute = [&](auto& col) {
    std::vector<std::decay_t<decltype(col[0])>> tmp(order.size());
    for (std::size_t i = 0; i < order.size(); ++i) tmp[i] = col[order[i]];
    for (std::size_t i = 0; i < order.size(); ++i) col[from + i] = tmp[i];
  };
  permute(t.x);
  permute(t.y);
  permute(t.time);
  permute(t.category);
  permute(t.weight);
  permute(t.source_line);
}

/// Validates coordinates in the source CRS, transforms batches to the working CRS, and
/// counts how many rejected points would have been fine with x and y swapped.
class CoordinateGate {
 public:
  CoordinateGate(const std::string& source_crs, const std::string& working_crs)
      : source_(crs::normalise(source_crs)),
        tf_(source_, working_crs),
        src_bounds_(tf_.source_area_of_use()),
        geographic_(tf_.source_is_geographic()) {
    // Each PROJ look-up costs milliseconds: ask the Transform's CRSs, and only what differs.
    work_bounds_ = tf_.is_identity() ? src_bounds_ : tf_.target_area_of_use();
    if (geographic_) work_lonlat_ = tf_.target_area_of_use_lonlat();
  }

  /// Empty when fine, else the reason. Counts rows that would be fine swapped in `swaps`.
  std::string check(double x, double y, std::uint64_t& swaps) const {
    if (std::isnan(x) || std::isnan(y)) return "NaN coordinate";
    if (std::isinf(x) || std::isinf(y)) return "infinite coordinate";
    if (geographic_) {
      // Lon/lat that only make sense swapped (52, 6 instead of 6, 52 in the Netherlands).
      if (!inside(work_lonlat_, x, y) && inside(work_lonlat_, y, x)) ++swaps;
      if (y < -90 || y > 90 || x < -180 || x > 180)
        return fmt::format("longitude/latitude out of range ({}, {})", x, y);
    }
    if (!inside(src_bounds_, x, y)) {
      if (inside(src_bounds_, y, x)) ++swaps;
      return fmt::format("outside the valid area of {} ({}, {})", source_, x, y);
    }
    return {};
  }
  const crs::Transform& transform() const noexcept { return tf_; }
  const crs::Bounds& working_bounds() const noexcept { return work_bounds_; }
  const crs::Bounds& source_bounds() const noexcept { return src_bounds_; }
  std::uint64_t swap_would_fix() const noexcept { return swap_would_fix_; }
  void add_swaps(std::uint64_t n) noexcept { swap_would_fix_ += n; }
  const std::string& source() const noexcept { return source_; }

 private:
  std::string source_;
  crs::Transform tf_;
  crs::Bounds src_bounds_, work_bounds_, work_lonlat_;
  bool geographic_;
  std::uint64_t swap_would_fix_ = 0;
};

/// Transform rows [from, end) of `t` in place; drop the ones that fail or land outside the
/// working CRS's area, sending them to rejects.
void transform_and_compact(IncidentTable& t, std::size_t from, CoordinateGate& gate,
                           RejectsSink& rejects, const std::string& source_name, ReadStats& st) {
  const std::size_t n = t.size() - from;
  if (n == 0) return;
  gate.transform().forward(t.x.data() + from, t.y.data() + from, n);
  std::size_t w = from;
  for (std::size_t i = from; i < t.size(); ++i) {
    const bool ok = std::isfinite(t.x[i]) && inside(gate.working_bounds(), t.x[i], t.y[i]);
    if (!ok) {
      rejects.add(source_name, t.source_line[i],
                  std::isfinite(t.x[i])
                      ? "outside the valid area of the working CRS after transformation"
                      : "coordinate cannot be transformed to the working CRS");
      ++st.rejected;
      continue;
    }
    if (w != i) t.move_row(w, i);
    ++w;
  }
  t.resize(w);
}

/// The text of the physical lines `lines` (1-based) of `data`, without their line end.
std::map<std::int64_t, std::string> line_texts(std::string_view data, LineEnd eol,
                                               std::vector<std::int64_t> lines) {
  std::sort(lines.begin(), lines.end());
  std::map<std::int64_t, std::string> out;
  const char e = static_cast<char>(eol);
  std::size_t pos = 0;
  std::int64_t line = 1;
  for (std::int64_t want : lines) {
    while (line < want && pos < data.size()) {
      const std::size_t nl = data.find(e, pos);
      if (nl == std::string_view::npos) return out;
      pos = nl + 1;
      ++line;
    }
    if (line != want) return out;
    std::size_t end = data.find(e, pos);
    if (end == std::string_view::npos) end = data.size();
    std::string_view t = data.substr(pos, end - pos);
    if (!t.empty() && t.back() == '\r') t.remove_suffix(1);
    out.emplace(want, std::string(t.substr(0, 500)));
  }
  return out;
}

void warn_swapped(const CoordinateGate& gate, ReadStats& st, bool geographic, RunContext& ctx,
                  const std::string& path) {
  if (st.read > 0 && gate.swap_would_fix() * 2 > st.read) {
    st.swapped_suspected = true;
    ctx.warn(
        "{}: {} of {} rows fall outside {} but would fit with the coordinates swapped; "
        "{} columns look swapped (use {})",
        path, gate.swap_would_fix(), st.read, gate.source(),
        geographic ? "the longitude and latitude" : "the x and y",
        geographic ? "--lon-col/--lat-col" : "--x-col/--y-col");
  }
}

/// Text as the file has it: UTF-8, or Windows-1252 turned into UTF-8.
struct TextDecoder {
  bool cp1252 = false;
  std::string operator()(std::string_view s) const {
    return cp1252 ? cp1252_to_utf8(s) : std::string(s);
  }
};

TextDecoder choose_encoding(std::string_view data, const IncidentSourceConfig& cfg, RunContext& ctx,
                            ReadStats& st) {
  TextDecoder d;
  std::string e = cfg.encoding;
  for (auto& ch : e) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (e.empty()) {
    d.cp1252 = !is_utf8(data);
    if (d.cp1252)
      ctx.warn(
          "{}: the file is not UTF-8; reading it as Windows-1252 (give --encoding if it is "
          "another)",
          cfg.path);
  } else if (e == "windows-1252" || e == "cp1252" || e == "latin-1" || e == "latin1" ||
             e == "iso-8859-1" || e == "ansi") {
    d.cp1252 = true;
  } else if (e != "utf-8" && e != "utf8") {
    throw Error(ErrorCode::Usage, fmt::format("--encoding '{}' is not known", cfg.encoding),
                {cfg.path, "", "--encoding"},
                "give utf-8 or windows-1252 (latin-1 is read as windows-1252, its superset)");
  }
  st.encoding = d.cp1252 ? "Windows-1252" : "UTF-8";
  return d;
}

/// The format of the time column: the one given, or decided from the column's values (all
/// of them, unless the first thousand are ISO 8601, which cannot be read two ways).
DateFormat decide_date_format(std::string_view body, char delim, std::int64_t first_line,
                              LineEnd eol, int col, const IncidentSourceConfig& cfg,
                              const std::string& column) {
  if (!cfg.date_format.empty()) return custom_date_format(cfg.date_format);
  std::vector<std::string> values;
  auto collect = [&](std::size_t limit) {
    values.clear();
    CsvReader rd(body, delim, first_line, eol);
    std::vector<std::string_view> f;
    while (values.size() < limit && rd.next(f))
      if (!rd.broken() && f.size() > static_cast<std::size_t>(col) &&
          !trim_view(f[static_cast<std::size_t>(col)]).empty())
        values.emplace_back(trim_view(f[static_cast<std::size_t>(col)]));
  };
  collect(1000);
  if (std::all_of(values.begin(), values.end(),
                  [](const std::string& v) { return parse_iso8601(v).has_value(); }))
    return DateFormat{};
  collect(SIZE_MAX);
  return detect_date_format(values, cfg.path, column);
}

ReadStats read_csv(const IncidentSourceConfig& cfg, IncidentTable& out, RejectsSink& rejects,
                   RunContext& ctx) {
  MappedFile file(cfg.path);
  const LineEnd eol = detect_line_end(file.data());
  CsvReader csv(file.data(), cfg.delimiter, 1, eol);
  ReadStats st;
  const TextDecoder decode = choose_encoding(file.data(), cfg, ctx, st);
  const CategoryMap cmap =
      cfg.categories.empty() ? CategoryMap() : CategoryMap::load(cfg.categories);
  std::vector<std::string_view> f;
  if (!csv.next(f))
    throw Error(ErrorCode::EmptyInput, "the file is empty (no header line)", {cfg.path},
                "export the incidents with a header line such as id,x,y,category,timestamp");
  if (csv.broken())
    throw Error(ErrorCode::InputFormat, "the header line: " + csv.broken_reason(),
                {cfg.path, "", "", 1}, "remove the stray quote from the header");
  std::vector<std::string> header;
  for (auto v : f) header.push_back(decode(trim(v)));
  // An export with addresses only (no coordinate columns) is read when there is an address file.
  const Columns c =
      resolve_columns(header, cfg, cfg.addresses.empty() || !AddressColumns::find(header).any());
  st.delimiter = csv.delimiter();
  st.line_ends = eol == LineEnd::CR ? "CR" : "LF";
  st.x_column = c.x >= 0 ? header[static_cast<std::size_t>(c.x)] : "(none: addresses only)";
  st.y_column = c.y >= 0 ? header[static_cast<std::size_t>(c.y)] : "(none: addresses only)";
  st.x_why = c.x >= 0 ? c.x_why : "no coordinate columns; every row is placed from its address";
  st.category_why = c.cat_why;
  st.time_why = c.time_why;
  if (c.cat >= 0) st.category_column = header[static_cast<std::size_t>(c.cat)];
  if (c.time >= 0) st.time_column = header[static_cast<std::size_t>(c.time)];
  if (c.clock >= 0) st.clock_column = header[static_cast<std::size_t>(c.clock)];
  if (c.weight >= 0) st.weight_column = header[static_cast<std::size_t>(c.weight)];
  const std::string src_crs =
      !cfg.crs.empty() ? cfg.crs : (c.geographic ? "EPSG:4326" : cfg.working_crs);
  CoordinateGate gate(src_crs, cfg.working_crs);
  st.source_crs = gate.source();
  st.transformation = gate.transform().operation_name();
  if (c.time >= 0) out.has_time = true;

  const std::size_t need =
      static_cast<std::size_t>(std::max({c.x, c.y, c.cat, c.time, c.weight, c.clock}) + 1);
  const std::size_t from = out.size();
  const std::string_view body = file.data().substr(csv.offset());
  const std::string_view head = file.data().substr(0, csv.offset());
  const std::int64_t body_line = 1 + static_cast<std::int64_t>(count_line_ends(head, eol));
  const DateFormat date_fmt = c.time >= 0 ? decide_date_format(body, csv.delimiter(), body_line,
                                                               eol, c.time, cfg, st.time_column)
                                          : DateFormat{};
  if (c.time >= 0) st.date_format = date_fmt.describe();
  const std::string bad_time_hint =
      date_fmt.kind == DateKind::Iso ? "ISO 8601, e.g. 2022-06-30T21:15:00" : date_fmt.describe();
  const AddressColumns ac = AddressColumns::find(header);
  std::optional<AddressBook> book;
  if (!cfg.addresses.empty()) book.emplace(AddressBook::load(cfg.addresses, cfg.working_crs, ctx));
  // Without any quote character every newline ends a record, so the body can be cut at
  // newlines and parsed in parallel; chunks are merged in file order (deterministic).
  const bool splittable = eol == LineEnd::LF && body.find('"') == std::string_view::npos &&
                          body.size() > (8u << 20) && ctx.thread_count() > 1 &&
                          head.find('"') == std::string_view::npos;
  const unsigned nchunks = splittable ? ctx.thread_count() : 1;
  std::vector<std::string_view> chunks;
  std::vector<std::int64_t> first_lines;
  std::vector<std::size_t> newlines;
  {
    std::size_t pos = 0;
    std::int64_t line = body_line;
    for (unsigned k = 0; k < nchunks; ++k) {
      std::size_t end =
          k + 1 == nchunks ? body.size() : std::max(pos, body.size() * (k + 1) / nchunks);
      if (end < body.size()) {
        const std::size_t nl = body.find('\n', end);
        end = nl == std::string_view::npos ? body.size() : nl + 1;
      }
      chunks.push_back(body.substr(pos, end - pos));
      newlines.push_back(count_line_ends(chunks.back(), eol));
      first_lines.push_back(line);
      line += static_cast<std::int64_t>(newlines.back());
      pos = end;
    }
  }
  // Each chunk writes into its own slice of `out`, sized by its line ends + 1 (an upper
  // bound on its records under the file's one line-end convention), so rows are stored
  // once; slices are closed up afterwards.
  std::vector<std::size_t> slice(chunks.size() + 1, from);
  for (std::size_t k = 0; k < chunks.size(); ++k) slice[k + 1] = slice[k] + newlines[k] + 1;
  const std::size_t cap = slice.back();
  out.resize(cap);
  struct Placed {  // a row placed from the address file: already in the working CRS
    double x, y;
    std::int64_t t;
    std::int32_t cat;
    double w;
    std::int64_t line;
  };
  struct Chunk {
    CategoryDict categories;
    RejectsSink rejects;
    std::vector<Placed> placed;
    std::size_t rows = 0;
    std::uint64_t read = 0, rejected = 0, unnamed = 0, swaps = 0, without_coords = 0;
  };
  std::vector<Chunk> parts(chunks.size());
  Progress progress(ctx, "reading " + std::filesystem::path(cfg.path).filename().string(),
                    body.size());
  auto parse = [&](std::size_t k) {
    Chunk& ch = parts[k];
    CsvReader rd(chunks[k], csv.delimiter(), first_lines[k], eol);
    std::vector<std::string_view> row_fields;
    std::size_t last_off = 0;
    int last_cat = -1;
    std::string last_raw;
    std::string_view last_cat_name;
    std::size_t w_at = slice[k];
    while (rd.next(row_fields)) {
      ++ch.read;
      const std::int64_t line = rd.line();
      if ((ch.read & 0xFFFF) == 0) {
        progress.advance(rd.offset() - last_off);
        last_off = rd.offset();
      }
      auto reject = [&](std::string reason) {
        ch.rejects.add(cfg.path, line, std::move(reason), std::string(rd.raw()));
        ++ch.rejected;
      };
      if (rd.broken()) {
        reject(rd.broken_reason());
        continue;
      }
      if (w_at >= slice[k + 1])  // cannot happen: records <= line ends + 1
        throw Error(ErrorCode::Internal, "more CSV records than line ends",
                    {cfg.path, "", "", line});
      if (row_fields.size() < need) {
        reject(fmt::format("too few fields (got {}, header has {})", row_fields.size(),
                           header.size()));
        continue;
      }
      const std::string_view xs = c.x >= 0 ? row_fields[static_cast<std::size_t>(c.x)]
                                           : std::string_view(),
                             ys = c.y >= 0 ? row_fields[static_cast<std::size_t>(c.y)]
                                           : std::string_view();
      double x, y;
      bool placed = false;
      if (trim_view(xs).empty() && trim_view(ys).empty() && ac.any()) {
        // No coordinates: the address, if the row has one and the address file knows it.
        ++ch.without_coords;
        const AddressQuery q = ac.query(row_fields, decode);
        if (!book) {
          reject(fmt::format(
              "missing {} (the row has an address '{}': give --addresses FILE to place it)",
              st.x_column, q.describe()));
          continue;
        }
        const auto p = book->find(q);
        if (!p) {
          reject(fmt::format("no coordinates, and the address '{}' is not in the address file",
                             q.describe()));
          continue;
        }
        x = p->first;
        y = p->second;
        placed = true;
      } else {
        if (trim_view(xs).empty() && trim_view(ys).empty()) ++ch.without_coords;
        if (trim_view(xs).empty()) {
          reject(fmt::format("missing {}", st.x_column));
          continue;
        }
        if (trim_view(ys).empty()) {
          reject(fmt::format("missing {}", st.y_column));
          continue;
        }
        if (!parse_number(xs, x)) {
          reject(fmt::format("non-numeric {} '{}'", st.x_column, xs));
          continue;
        }
        if (!parse_number(ys, y)) {
          reject(fmt::format("non-numeric {} '{}'", st.y_column, ys));
          continue;
        }
        if (auto why = gate.check(x, y, ch.swaps); !why.empty()) {
          reject(why);
          continue;
        }
      }
      std::int64_t t = kNoTime;
      if (c.time >= 0) {
        const auto ts = row_fields[static_cast<std::size_t>(c.time)];
        if (!trim_view(ts).empty()) {
          auto parsed = date_fmt.parse(ts);
          if (!parsed) {
            reject(fmt::format("bad timestamp '{}' (expected {})", ts, bad_time_hint));
            continue;
          }
          t = *parsed;
          if (c.clock >= 0) {  // a date column with the time of day beside it
            const auto cs = row_fields[static_cast<std::size_t>(c.clock)];
            if (!trim_view(cs).empty()) {
              const auto clock = parse_clock(cs);
              if (!clock) {
                reject(fmt::format("bad time of day '{}' in {} (expected HH:MM)", cs,
                                   st.clock_column));
                continue;
              }
              t = t - (((t % 86400) + 86400) % 86400) + *clock;
            }
          }
        }
      }
      double w = 1.0;
      if (c.weight >= 0) {
        const auto ws = row_fields[static_cast<std::size_t>(c.weight)];
        if (!parse_number(ws, w) || !(w >= 0) || !(w <= kMaxIncidentWeight)) {
          reject(fmt::format("bad weight '{}' (expected a number from 0 to {:g})", ws,
                             kMaxIncidentWeight));
          continue;
        }
      }
      int cat = 0;
      if (c.cat >= 0) {
        // Raw spellings to keys (folded, mapped); consecutive rows mostly repeat one.
        std::string_view name = trim_view(row_fields[static_cast<std::size_t>(c.cat)]);
        if (last_cat >= 0 && name == last_cat_name) {
          cat = last_cat;
        } else {
          std::string key = name.empty() ? std::string() : cmap.key_of(decode(name));
          if (key.empty()) key = "onbekend";
          cat = ch.categories.id_of(key);
          last_cat = cat;
          last_raw = std::string(name);
          last_cat_name = last_raw;
        }
        if (name.empty()) ++ch.unnamed;
      } else {
        cat = ch.categories.id_of("all");
      }
      if (placed) {
        ch.placed.push_back({x, y, t, cat, w, line});
        continue;
      }
      out.x[w_at] = x;
      out.y[w_at] = y;
      out.time[w_at] = t;
      out.category[w_at] = cat;
      out.weight[w_at] = w;
      out.source_line[w_at] = line;
      ++w_at;
    }
    ch.rows = w_at - slice[k];
  };
  parallel_tasks(static_cast<unsigned>(parts.size()), [&](unsigned k) { parse(k); });
  progress.finish();
  // Merge in file order: categories get global ids in order of first appearance; slices
  // are moved together.
  std::size_t w_at = from;
  const std::size_t first_reject = rejects.size();
  std::uint64_t unnamed_category = 0, swaps = 0;
  std::vector<Placed> placed;
  for (std::size_t k = 0; k < parts.size(); ++k) {
    Chunk& ch = parts[k];
    std::vector<std::int32_t> remap(ch.categories.size());
    for (std::size_t m = 0; m < remap.size(); ++m)
      remap[m] = out.categories.id_of(ch.categories.name(static_cast<int>(m)));
    for (std::size_t i = slice[k]; i < slice[k] + ch.rows; ++i, ++w_at) {
      if (w_at != i) out.move_row(w_at, i);
      out.category[w_at] = remap[static_cast<std::size_t>(out.category[w_at])];
    }
    for (auto pl : ch.placed) {
      pl.cat = remap[static_cast<std::size_t>(pl.cat)];
      placed.push_back(pl);
    }
    st.without_coordinates += ch.without_coords;
    for (const auto& r : ch.rejects.rows()) rejects.add(r.source, r.line, r.reason, r.record);
    st.read += ch.read;
    st.rejected += ch.rejected;
    unnamed_category += ch.unnamed;
    swaps += ch.swaps;
  }
  out.resize(w_at);
  gate.add_swaps(swaps);
  if (unnamed_category > 0)
    ctx.warn("{}: {} rows have an empty {}; they count as 'onbekend'", cfg.path, unnamed_category,
             st.category_column);
  const std::size_t transform_rejects = rejects.size();
  transform_and_compact(out, from, gate, rejects, cfg.path, st);
  if (rejects.size() > transform_rejects) {
    // Rows refused after the transformation: their record text from the file, and every
    // reject of this file back in line order.
    std::vector<std::int64_t> lines;
    for (std::size_t i = transform_rejects; i < rejects.size(); ++i)
      lines.push_back(rejects.rows()[i].line);
    const auto text = line_texts(file.data(), eol, lines);
    rejects.fill_records_from(transform_rejects, [&](std::int64_t line) {
      const auto it = text.find(line);
      return it == text.end() ? std::string() : it->second;
    });
    rejects.sort_from(first_reject);
  }
  if (!placed.empty()) {
    // Rows placed from addresses join the table, which goes back to file order.
    for (const auto& pl : placed) out.push(pl.x, pl.y, pl.t, pl.cat, pl.w, pl.line);
    sort_rows_by_line(out, from);
  }
  st.geocoded = placed.size();
  st.addresses_used = book.has_value();
  st.address_columns = ac.describe(header);
  warn_swapped(gate, st, c.geographic, ctx, cfg.path);
  return st;
}

std::int64_t ogr_time(OGRFeature& feat, int idx, bool& bad, std::string& text,
                      const DateFormat& fmt_) {
  bad = false;
  if (!feat.IsFieldSetAndNotNull(idx)) return kNoTime;
  const OGRFieldType type = feat.GetFieldDefnRef(idx)->GetType();
  if (type == OFTDateTime || type == OFTDate) {
    int y, mo, d, h, mi, tz;
    float s;
    if (!feat.GetFieldAsDateTime(idx, &y, &mo, &d, &h, &mi, &s, &tz)) {
      bad = true;
      return kNoTime;
    }
    std::int64_t t =
        days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 + h * 3600 +
        mi * 60 + static_cast<std::int64_t>(s);
    if (tz >= 100) {  // OGR: 100 = UTC, 100 + n*15 min offsets
      const std::int64_t utc = t - (tz - 100) * 15 * 60;
      t = utc + amsterdam_offset_s(utc);
    }
    return t;
  }
  text = feat.GetFieldAsString(idx);
  if (trim(text).empty()) return kNoTime;
  auto parsed = fmt_.parse(text);
  if (!parsed) bad = true;
  return parsed.value_or(kNoTime);
}

/// A coordinate from an attribute: the number itself for numeric fields (Excel cells), the
/// text parsed otherwise.
bool ogr_number(OGRFeature& feat, int idx, double& v, std::string& text) {
  const OGRFieldType type = feat.GetFieldDefnRef(idx)->GetType();
  if (type == OFTReal || type == OFTInteger || type == OFTInteger64) {
    v = feat.GetFieldAsDouble(idx);
    text = fmt::format("{}", v);
    return true;
  }
  text = feat.GetFieldAsString(idx);
  return parse_number(text, v);
}

ReadStats read_ogr(const IncidentSourceConfig& cfg, IncidentTable& out, RejectsSink& rejects,
                   RunContext& ctx) {
  DatasetPtr ds = open_vector(cfg.path);
  OGRLayer* layer = nullptr;
  ResultSetPtr query(nullptr, ResultSetDeleter{ds.get()});
  if (is_sql_query(cfg.layer)) {
    query = run_query(*ds, cfg.layer, cfg.path);
    layer = query.get();
  } else if (!cfg.layer.empty()) {
    layer = ds->GetLayerByName(cfg.layer.c_str());
    if (!layer)
      throw Error(ErrorCode::InputFormat, fmt::format("no layer '{}'", cfg.layer), {cfg.path},
                  "list the layers with ogrinfo and give one with --incidents-layer");
  } else {
    if (ds->GetLayerCount() == 0) throw Error(ErrorCode::InputFormat, "no layers", {cfg.path});
    layer = ds->GetLayer(0);
  }
  OGRFeatureDefn* defn = layer->GetLayerDefn();
  std::vector<std::string> header;
  for (int i = 0; i < defn->GetFieldCount(); ++i)
    header.emplace_back(defn->GetFieldDefn(i)->GetNameRef());
  const bool has_geom = defn->GetGeomFieldCount() > 0;
  const bool explicit_cols = !cfg.x_col.empty() || !cfg.lon_col.empty();
  const bool use_geom = has_geom && !explicit_cols;
  const Columns c = resolve_columns(header, cfg, !use_geom);
  ReadStats st;
  st.encoding = "UTF-8";
  st.category_why = c.cat_why;
  st.time_why = c.time_why;
  st.x_why = use_geom ? "the layer's point geometry" : c.x_why;
  if (c.cat >= 0) st.category_column = header[static_cast<std::size_t>(c.cat)];
  if (c.time >= 0) st.time_column = header[static_cast<std::size_t>(c.time)];
  if (c.clock >= 0) st.clock_column = header[static_cast<std::size_t>(c.clock)];
  if (c.weight >= 0) st.weight_column = header[static_cast<std::size_t>(c.weight)];
  const CategoryMap cmap =
      cfg.categories.empty() ? CategoryMap() : CategoryMap::load(cfg.categories);
  // Date cells are dates; a text column gets its format decided from all its values.
  DateFormat date_fmt;
  if (c.time >= 0) {
    const OGRFieldType tt = defn->GetFieldDefn(c.time)->GetType();
    if (!cfg.date_format.empty()) {
      date_fmt = custom_date_format(cfg.date_format);
    } else if (tt != OFTDateTime && tt != OFTDate) {
      // The format is decided from the whole column: a first pass over that column only (a
      // database sends just it, not the table).
      std::vector<std::string> values;
      ignore_all_but(*layer, {c.time}, false);
      layer->ResetReading();
      for (FeaturePtr feat(layer->GetNextFeature()); feat; feat.reset(layer->GetNextFeature()))
        if (feat->IsFieldSetAndNotNull(c.time))
          values.emplace_back(trim(feat->GetFieldAsString(c.time)));
      layer->SetIgnoredFields(nullptr);
      date_fmt = detect_date_format(values, cfg.path, st.time_column);
    }
    st.date_format = tt == OFTDateTime || tt == OFTDate ? "date cells" : date_fmt.describe();
  }
  std::string src_crs = cfg.crs;
  if (use_geom) {
    st.x_column = st.y_column = "(geometry)";
    if (src_crs.empty()) src_crs = srs_to_string(layer->GetSpatialRef());
    if (src_crs.empty()) {
      ctx.warn("{}: the layer has no CRS; assuming {} (give --crs if that is wrong)", cfg.path,
               cfg.working_crs);
      src_crs = cfg.working_crs;
    }
  } else {
    st.x_column = header[static_cast<std::size_t>(c.x)];
    st.y_column = header[static_cast<std::size_t>(c.y)];
    if (src_crs.empty()) src_crs = c.geographic ? "EPSG:4326" : cfg.working_crs;
  }
  CoordinateGate gate(src_crs, cfg.working_crs);
  st.source_crs = gate.source();
  st.transformation = gate.transform().operation_name();
  if (c.time >= 0) out.has_time = true;
  const std::size_t from = out.size();
  const GIntBig total = layer->GetFeatureCount(FALSE);
  Progress progress(ctx, "reading " + std::filesystem::path(cfg.path).filename().string(),
                    total > 0 ? static_cast<std::uint64_t>(total) : 1);
  // Only the columns the roles use travel (a database sends no others).
  ignore_all_but(*layer, {c.x, c.y, c.cat, c.time, c.clock, c.weight}, use_geom);
  layer->ResetReading();
  std::int64_t n = 0;
  std::uint64_t swaps = 0;
  const std::size_t first_reject = rejects.size();
  ScopedGdalErrors errs;
  struct Restore {
    OGRLayer* l;
    ~Restore() { l->SetIgnoredFields(nullptr); }
  } restore{layer};
  for (FeaturePtr feat(layer->GetNextFeature()); feat; feat.reset(layer->GetNextFeature())) {
    ++n;
    ++st.read;
    if ((n & 0x3FFF) == 0) progress.advance(0x4000);
    const std::string record = fmt::format("fid {}", feat->GetFID());
    auto reject = [&](std::string reason) {
      rejects.add(cfg.path, n, std::move(reason), record);
      ++st.rejected;
    };
    double x, y;
    if (use_geom) {
      const OGRGeometry* g = feat->GetGeometryRef();
      if (!g || g->IsEmpty()) {
        reject("empty or missing geometry");
        continue;
      }
      const auto gt = wkbFlatten(g->getGeometryType());
      if (gt == wkbPoint) {
        x = g->toPoint()->getX();
        y = g->toPoint()->getY();
      } else if (gt == wkbMultiPoint && g->toMultiPoint()->getNumGeometries() == 1) {
        x = g->toMultiPoint()->getGeometryRef(0)->getX();
        y = g->toMultiPoint()->getGeometryRef(0)->getY();
      } else {
        reject(
            fmt::format("not a point geometry ({})", OGRGeometryTypeToName(g->getGeometryType())));
        continue;
      }
    } else {
      const int xi = c.x, yi = c.y;
      if (!feat->IsFieldSetAndNotNull(xi)) {
        reject(fmt::format("missing {}", st.x_column));
        continue;
      }
      if (!feat->IsFieldSetAndNotNull(yi)) {
        reject(fmt::format("missing {}", st.y_column));
        continue;
      }
      // Copies: for numeric fields OGR formats into one shared buffer, so a second
      // GetFieldAsString would overwrite the first (x would read as y).
      std::string xs, ys;
      if (!ogr_number(*feat, xi, x, xs)) {
        reject(fmt::format("non-numeric {} '{}'", st.x_column, xs));
        continue;
      }
      if (!ogr_number(*feat, yi, y, ys)) {
        reject(fmt::format("non-numeric {} '{}'", st.y_column, ys));
        continue;
      }
    }
    if (auto why = gate.check(x, y, swaps); !why.empty()) {
      reject(why);
      continue;
    }
    std::int64_t t = kNoTime;
    if (c.time >= 0) {
      bool bad;
      std::string text;
      t = ogr_time(*feat, c.time, bad, text, date_fmt);
      if (bad) {
        reject(fmt::format("bad timestamp '{}' (expected {})", text, date_fmt.describe()));
        continue;
      }
      if (c.clock >= 0 && t != kNoTime && feat->IsFieldSetAndNotNull(c.clock)) {
        const std::string cs = feat->GetFieldAsString(c.clock);
        const auto clock = parse_clock(cs);
        if (!clock) {
          reject(fmt::format("bad time of day '{}' in {} (expected HH:MM)", cs, st.clock_column));
          continue;
        }
        t = t - (((t % 86400) + 86400) % 86400) + *clock;
      }
    }
    double w = 1.0;
    if (c.weight >= 0) {
      const char* ws = feat->GetFieldAsString(c.weight);
      if (!parse_number(ws, w) || !(w >= 0) || !(w <= kMaxIncidentWeight)) {
        reject(fmt::format("bad weight '{}' (expected a number from 0 to {:g})", ws,
                           kMaxIncidentWeight));
        continue;
      }
    }
    int cat;
    if (c.cat >= 0) {
      std::string key = cmap.key_of(trim(feat->GetFieldAsString(c.cat)));
      cat = out.categories.id_of(key.empty() ? "onbekend" : key);
    } else {
      cat = out.categories.id_of("all");
    }
    out.push(x, y, t, cat, w, n);
  }
  progress.finish();
  gate.add_swaps(swaps);
  const std::size_t first_transform_reject = rejects.size();
  transform_and_compact(out, from, gate, rejects, cfg.path, st);
  rejects.fill_records_from(first_transform_reject,
                            [](std::int64_t f) { return fmt::format("feature {}", f); });
  rejects.sort_from(first_reject);
  warn_swapped(gate, st, c.geographic, ctx, cfg.path);
  return st;
}

void ignore_all_but(OGRLayer& layer, std::initializer_list<int> keep, bool keep_geometry) {
  OGRFeatureDefn* defn = layer.GetLayerDefn();
  CPLStringList ignored;
  for (int i = 0; i < defn->GetFieldCount(); ++i)
    if (std::find(keep.begin(), keep.end(), i) == keep.end())
      ignored.AddString(defn->GetFieldDefn(i)->GetNameRef());
  if (!keep_geometry) ignored.AddString("OGR_GEOMETRY");
  ignored.AddString("OGR_STYLE");
  layer.SetIgnoredFields(const_cast<const char**>(ignored.List()));
}

bool is_csv(const std::string& path) {
  if (path.rfind("PG:", 0) == 0) return false;
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char ch) { return std::tolower(ch); });
  return ext == ".csv" || ext == ".txt" || ext == ".tsv";
}

}  // namespace

CoordinateColumns find_coordinate_columns(const std::vector<std::string>& header,
                                          const std::string& x_col, const std::string& y_col,
                                          const std::string& lon_col, const std::string& lat_col,
                                          const std::string& path) {
  IncidentSourceConfig cfg;
  cfg.path = path;
  cfg.x_col = x_col;
  cfg.y_col = y_col;
  cfg.lon_col = lon_col;
  cfg.lat_col = lat_col;
  cfg.category_col = cfg.time_col = "-";
  const Columns c = resolve_columns(header, cfg, true);
  return {c.x, c.y, c.geographic};
}

ReadStats read_incidents(const IncidentSourceConfig& cfg, IncidentTable& out, RejectsSink& rejects,
                         RunContext& ctx) {
  out.crs = cfg.working_crs;
  if (!cfg.crs.empty() && !crs::is_known(cfg.crs))
    throw Error(ErrorCode::Crs, fmt::format("unknown coordinate reference system '{}'", cfg.crs),
                {cfg.path, "", "--crs"},
                "give it as EPSG:<code>, for example EPSG:28992 (RD New) or EPSG:4326 (WGS84)");
  ReadStats st =
      is_csv(cfg.path) ? read_csv(cfg, out, rejects, ctx) : read_ogr(cfg, out, rejects, ctx);
  if (st.read == 0)
    throw Error(ErrorCode::EmptyInput, "no incident rows in the file", {cfg.path},
                "check that the export holds data below its header");
  ctx.debug("{}: columns x={} y={} category={} time={}; CRS {} -> {} via {}", cfg.path, st.x_column,
            st.y_column, st.category_column.empty() ? "(none)" : st.category_column,
            st.time_column.empty() ? "(none)" : st.time_column, st.source_crs, cfg.working_crs,
            st.transformation);
  return st;
}

}  // namespace hotspot::io
