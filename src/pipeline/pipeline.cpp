#include "hotspot/pipeline/pipeline.hpp"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <toml.hpp>

#include "hotspot/core/error.hpp"
#include "hotspot/core/paths.hpp"
#include "hotspot/io/pg_store.hpp"
#include "hotspot/io/toml_file.hpp"
#include "hotspot/pipeline/steps.hpp"

namespace hotspot::pipeline {

namespace fs = std::filesystem;

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j)
      cur[j] =
          std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

namespace {

// How the incidents are read: [inputs] may give these once for every stage.
const std::vector<std::string> kSchemaKeys{
    "incidents-layer", "crs",          "x-col",     "y-col",     "lon-col",
    "lat-col",         "category-col", "time-col",  "clock-col", "weight-col",
    "date-format",     "categories",   "addresses", "encoding",  "delimiter"};
// Keys the pipeline sets itself (outputs) and so refuses in the file.
const std::vector<std::string> kManaged{"out",     "gpkg",    "qgs",   "hotspots",
                                        "rejects", "geodata", "layers"};

int line_of(const toml::value& v) {
  return static_cast<int>(v.location().line());
}

std::string nearest(const std::string& key, const std::vector<std::string>& valid) {
  std::string best;
  std::size_t bd = 1000;
  for (const auto& v : valid) {
    const std::size_t d = edit_distance(key, v);
    if (d < bd) {
      bd = d;
      best = v;
    }
  }
  return best;
}

std::string scalar_text(const toml::value& v, const fs::path& file, const std::string& key) {
  if (v.is_string()) return v.as_string().str;
  if (v.is_integer()) return std::to_string(v.as_integer());
  if (v.is_floating()) return fmt::format("{}", v.as_floating());
  if (v.is_boolean()) return v.as_boolean() ? "true" : "false";
  throw Error(ErrorCode::Usage,
              fmt::format("'{}' (line {}) must be text or a number", key, line_of(v)),
              {file.string(), "", key}, "write it like key = \"value\" or key = 300");
}

}  // namespace

namespace {

/// The step of a stage, with its options.
std::unique_ptr<StepInstance> make_step(const std::string& kind) {
  const StepDef* def = find_step(kind);
  if (!def) throw Error(ErrorCode::Internal, fmt::format("no step '{}'", kind));
  return def->make();
}

}  // namespace

Error stage_error(const Error& e, const StageCall& c, const OptionSet& options,
                  const fs::path& file) {
  std::string key = e.where().field;
  if (key.rfind("--", 0) == 0) key = key.substr(2);
  int line = c.line;
  if (auto it = c.key_lines.find(key); it != c.key_lines.end())
    line = it->second;
  else
    key.clear();
  // The library names options as on the command line (--cell-m); in the file they are keys.
  std::string msg = e.message();
  std::vector<std::string> keys = options.keys();
  std::sort(keys.begin(), keys.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  for (const auto& k : keys)
    for (std::size_t pos = msg.find("--" + k); pos != std::string::npos;
         pos = msg.find("--" + k, pos)) {
      const std::size_t end = pos + 2 + k.size();
      if (end < msg.size() &&
          (std::isalnum(static_cast<unsigned char>(msg[end])) || msg[end] == '-')) {
        pos = end;
        continue;
      }
      msg.replace(pos, 2 + k.size(), k);
    }
  return Error(e.code(),
               fmt::format("line {}: [{}] '{}'{}: {}", line, c.stage, c.name,
                           key.empty() ? "" : fmt::format(", key '{}'", key), msg),
               {file.string()}, "");
}

std::unique_ptr<StepInstance> instantiate(const StageCall& c, const fs::path& file,
                                          step::Env& env) {
  auto inst = make_step(c.stage);
  try {
    for (const auto& [k, v] : c.values) inst->options().assign(k, v);
    inst->options().check_required();
    inst->validate(env);
  } catch (const Error& e) {
    throw stage_error(e, c, inst->options(), file);
  }
  return inst;
}

Plan plan(const fs::path& file, const std::string& out_override, const Profile& profile) {
  const fs::path& geodata_dir = profile.dir;
  if (!fs::exists(file))
    throw Error(ErrorCode::InputMissing, "pipeline file not found", {file.string()},
                "give the path of a .toml file such as geodata/deventer.toml");
  const toml::value root = io::read_toml_file(file, "the pipeline file");
  const fs::path base = fs::absolute(file).parent_path();
  Plan p;
  p.file = file;
  nlohmann::ordered_json settings;
  const std::vector<std::string> top_keys{"run",   "inputs", "join",   "density", "stats",
                                          "score", "route",  "export", "web"};
  for (const auto& [k, v] : root.as_table())
    if (std::find(top_keys.begin(), top_keys.end(), k) == top_keys.end())
      throw Error(ErrorCode::Usage,
                  fmt::format("unknown table [{}] (line {}); did you mean [{}]?", k, line_of(v),
                              nearest(k, top_keys)),
                  {file.string(), "", k},
                  "the tables are [run], [inputs], [[join]], [[density]], [[stats]], [[score]], "
                  "[[route]], [export], [web]");
  // [run]
  p.title = "Veiligheid";
  fs::path out = "out";
  if (root.contains("run")) {
    for (const auto& [k, v] : root.at("run").as_table()) {
      if (k == "title")
        p.title = scalar_text(v, file, k);
      else if (k == "out")
        out = scalar_text(v, file, k);
      else if (k == "threads") {
        if (!v.is_integer() || v.as_integer() < 0 || v.as_integer() > 1024)
          throw Error(
              ErrorCode::Usage,
              fmt::format("'threads' (line {}) must be a whole number from 0 to 1024", line_of(v)),
              {file.string(), "run", k}, "write threads = 2, or 0 for every core");
        p.threads = static_cast<unsigned>(v.as_integer());
      } else if (k == "store") {
        p.store = scalar_text(v, file, k);
        if (!io::is_pg(p.store))
          throw Error(ErrorCode::Usage,
                      fmt::format("'store' (line {}) must be a PostgreSQL connection, PG:\"...\"",
                                  line_of(v)),
                      {file.string(), "run", k},
                      "write store = \"PG:host=... dbname=... user=...\"");
      } else if (k == "internal") {
        if (!v.is_boolean())
          throw Error(ErrorCode::Usage,
                      fmt::format("'internal' (line {}) must be true or false", line_of(v)),
                      {file.string(), "run", k}, "write internal = true");
        p.internal = v.as_boolean();
      } else if (k == "schema") {
        p.store_schema = scalar_text(v, file, k);
        try {
          io::check_pg_name(p.store_schema, "schema");
        } catch (const Error& e) {
          throw Error(e.code(), fmt::format("line {}: {}", line_of(v), e.what()),
                      {file.string(), "run", k}, e.fix());
        }
      } else
        throw Error(
            ErrorCode::Usage,
            fmt::format("unknown key '{}' in [run] (line {}); did you mean '{}'?", k, line_of(v),
                        nearest(k, {"title", "out", "threads", "store", "schema"})),
            {file.string(), "run", k}, "[run] takes title, out, threads, store and schema");
    }
  }
  p.out_dir =
      (out_override.empty() ? (out.is_absolute() ? out : base / out) : fs::absolute(out_override))
          .lexically_normal();
  if (p.out_dir.filename().empty())
    p.out_dir = p.out_dir.parent_path();  // "out/" and "." name their folder
  if (!p.store_schema.empty() && p.store.empty())
    throw Error(ErrorCode::Usage, "[run] schema names a schema of the store, and no store is given",
                {file.string(), "run", "schema"}, "add store = \"PG:...\", or leave schema out");
  settings["run"] = {{"title", p.title}, {"out", p.out_dir.string()}};
  // [inputs]: the incidents and how to read them, given once for every stage that reads them
  // (a stage's own key wins).
  std::string incidents;
  std::vector<std::pair<std::string, std::string>> schema;  // key, value
  if (root.contains("inputs"))
    for (const auto& [k, v] : root.at("inputs").as_table()) {
      if (k != "incidents") {
        if (std::find(kSchemaKeys.begin(), kSchemaKeys.end(), k) == kSchemaKeys.end()) {
          std::vector<std::string> valid(kSchemaKeys.begin(), kSchemaKeys.end());
          valid.push_back("incidents");
          throw Error(
              ErrorCode::Usage,
              fmt::format("unknown key '{}' in [inputs] (line {}); did you mean '{}'?", k,
                          line_of(v), nearest(k, valid)),
              {file.string(), "inputs", k},
              "[inputs] takes incidents and the columns, formats and files to read them with");
        }
        std::string val = scalar_text(v, file, k);
        if (k == "categories" || k == "addresses") {
          fs::path fp = fs::path(val).is_absolute() ? fs::path(val) : base / val;
          if (!fs::exists(fp))
            throw Error(ErrorCode::InputMissing,
                        fmt::format("input not found: '{}' (line {})", val, line_of(v)),
                        {file.string(), "inputs", k}, "give a path relative to the pipeline file");
          val = fp.lexically_normal().string();
        }
        schema.emplace_back(k, val);
        settings["inputs"][k] = val;
        continue;
      }
      incidents = scalar_text(v, file, k);
      fs::path ip = (fs::path(incidents).is_absolute() ? fs::path(incidents) : base / incidents)
                        .lexically_normal();
      if (incidents.rfind("PG:", 0) != 0 && !fs::exists(ip))
        throw Error(ErrorCode::InputMissing,
                    fmt::format("input not found: '{}' (line {})", incidents, line_of(v)),
                    {file.string(), "inputs", "incidents"},
                    "give a path relative to the pipeline file");
      if (incidents.rfind("PG:", 0) != 0) incidents = ip.string();
      settings["inputs"]["incidents"] = incidents;
    }
  std::map<std::string, fs::path> primary;  // stage name -> main output
  std::vector<fs::path> results;            // everything the export takes
  auto add_input = [&](const fs::path& f) {
    if (std::find(p.inputs.begin(), p.inputs.end(), f) == p.inputs.end()) p.inputs.push_back(f);
  };
  if (!incidents.empty() && incidents.rfind("PG:", 0) != 0) add_input(incidents);

  auto stage = [&](const std::string& kind, const toml::value& tbl, const std::string& subcommand) {
    StageCall c;
    c.stage = kind;
    c.line = line_of(tbl);
    const auto probe = make_step(subcommand);
    std::vector<std::string> valid_keys = probe->options().keys();
    auto is_input = [&](const std::string& k) {
      const OptionDecl* d = probe->options().find(k);
      return d && d->role == OptionRole::InputFile;
    };
    valid_keys.push_back("name");
    if (kind == "export")
      valid_keys.insert(valid_keys.end(), {"png", "png-layers", "width-px", "height-px", "dpi",
                                           "data-date", "maps", "theme", "lang"});
    nlohmann::ordered_json js;
    bool has_incidents = false;
    for (const auto& [k, v] : tbl.as_table()) {
      c.key_lines[k] = line_of(v);
      if (std::find(kManaged.begin(), kManaged.end(), k) != kManaged.end())
        throw Error(
            ErrorCode::Usage,
            fmt::format("'{}' (line {}) is set by the pipeline itself", k, line_of(v)),
            {file.string(), kind, k},
            "outputs are named after the stage's `name` in the [run] out folder; remove the key");
      if (std::find(valid_keys.begin(), valid_keys.end(), k) == valid_keys.end())
        throw Error(
            ErrorCode::Usage,
            fmt::format("unknown key '{}' in [{}] (line {}); did you mean '{}'?", k, kind,
                        line_of(v), nearest(k, valid_keys)),
            {file.string(), kind, k},
            fmt::format("the keys of [{}] are the options of `hotspot {}`", kind, subcommand));
    }
    for (const auto& [k, v] : tbl.as_table()) {
      if (k == "name") {
        c.name = scalar_text(v, file, k);
        js[k] = c.name;
        continue;
      }
      if (kind == "export" &&
          (k == "png" || k == "png-layers" || k == "width-px" || k == "height-px" || k == "dpi" ||
           k == "data-date" || k == "maps" || k == "theme" || k == "lang"))
        continue;
      std::vector<std::string> values;
      if (v.is_array()) {
        for (const auto& e : v.as_array()) values.push_back(scalar_text(e, file, k));
      } else if (v.is_boolean()) {
        c.add(k, v.as_boolean() ? "true" : "false");
        js[k] = v.as_boolean();
        continue;
      } else if (v.is_table()) {
        throw Error(ErrorCode::Usage,
                    fmt::format("'{}' (line {}) is a table, not a value", k, line_of(v)),
                    {file.string(), kind, k}, "write key = value");
      } else {
        values.push_back(scalar_text(v, file, k));
      }
      for (auto& val : values) {
        if (is_input(k) && val.rfind("PG:", 0) != 0) {
          if (!val.empty() && val[0] == '@') {
            auto it = primary.find(val.substr(1));
            if (it == primary.end())
              throw Error(ErrorCode::Usage,
                          fmt::format("'{}' (line {}) refers to '{}', which no earlier stage makes",
                                      k, line_of(v), val),
                          {file.string(), kind, k},
                          "use the name of an earlier stage, e.g. @overlast_hotspots");
            val = it->second.string();
          } else {
            fs::path fp = fs::path(val).is_absolute() ? fs::path(val) : base / val;
            if (!fs::exists(fp) && fs::exists(geodata_dir / val)) fp = geodata_dir / val;
            if (!fs::exists(fp))
              throw Error(ErrorCode::InputMissing,
                          fmt::format("input not found: '{}' (line {})", val, line_of(v)),
                          {file.string(), kind, k}, "give a path relative to the pipeline file");
            fp = fp.lexically_normal();
            val = fp.string();
            add_input(fp);
          }
          if (k == "incidents") has_incidents = true;
        }
        c.add(k, val);
      }
      js[k] = values.size() == 1 && !v.is_array() ? nlohmann::ordered_json(values[0])
                                                  : nlohmann::ordered_json(values);
    }
    if (c.name.empty()) c.name = kind;
    // Outputs are named after the stage: the name must stay a file name inside the out folder.
    if (c.name.find_first_of("/\\:") != std::string::npos || c.name.front() == '.' ||
        std::any_of(c.name.begin(), c.name.end(), [](unsigned char ch) { return ch < 0x20; }))
      throw Error(
          ErrorCode::Usage,
          fmt::format("the stage name '{}' (line {}) is not a plain file name", c.name, c.line),
          {file.string(), kind, "name"},
          "use letters, digits, '_' and '-', e.g. name = \"overlast\"");
    const bool reads_incidents = kind != "export" && kind != "web";
    if (reads_incidents && !has_incidents && kind != "route") {
      if (incidents.empty())
        throw Error(ErrorCode::Usage,
                    fmt::format("[{}] '{}' (line {}) has no incidents", kind, c.name, c.line),
                    {file.string(), kind, "incidents"},
                    "set incidents in [inputs] or in the stage");
      c.add("incidents", incidents);
      has_incidents = true;
    }
    if (reads_incidents && has_incidents)
      for (const auto& [k, val] : schema)
        if (!tbl.as_table().count(k)) c.add(k, val);
    return std::make_pair(c, js);
  };

  for (const char* kind : {"join", "density", "stats", "score", "route"}) {
    if (!root.contains(kind)) continue;
    const auto& v = root.at(kind);
    if (!v.is_array())
      throw Error(
          ErrorCode::Usage,
          fmt::format("[{}] (line {}) must be written [[{}]] (a stage may occur several times)",
                      kind, line_of(v), kind),
          {file.string(), kind}, fmt::format("write [[{}]]", kind));
    for (const auto& tbl : v.as_array()) {
      auto [c, js] = stage(kind, tbl, kind);
      const fs::path o = p.out_dir;
      if (c.stage == "join") {
        c.add("out", (o / (c.name + ".geojson")).string());
        c.add("out", (o / (c.name + ".csv")).string());
        c.outputs = {o / (c.name + ".geojson"), o / (c.name + ".csv")};
      } else if (c.stage == "density") {
        c.add("out", (o / (c.name + ".tif")).string());
        c.outputs = {o / (c.name + ".tif")};
        if (js.contains("top") || js.contains("threshold")) {
          c.add("hotspots", (o / (c.name + "_hotspots.geojson")).string());
          c.outputs.push_back(o / (c.name + "_hotspots.geojson"));
          primary[c.name + "_hotspots"] = o / (c.name + "_hotspots.geojson");
        }
      } else if (c.stage == "stats") {
        c.add("out", (o / (c.name + ".geojson")).string());
        c.outputs = {o / (c.name + ".geojson"), o / (c.name + ".summary.json")};
      } else if (c.stage == "score") {
        c.add("out", (o / (c.name + ".geojson")).string());
        c.outputs = {o / (c.name + ".geojson")};
      } else if (c.stage == "route") {
        c.add("out", (o / c.name).string());
        c.outputs = {o / c.name / "routes.geojson", o / c.name / "stops.geojson",
                     o / c.name / "schedule.csv"};
      }
      c.primary = c.outputs.front();
      if (primary.count(c.name))
        throw Error(ErrorCode::Usage,
                    fmt::format("two stages are named '{}' (line {})", c.name, c.line),
                    {file.string(), kind, "name"}, "give each stage its own name");
      primary[c.name] = c.primary;
      for (const auto& f : c.outputs)
        if (f.extension() == ".geojson" || f.extension() == ".tif")
          if (f.filename() != "schedule.csv") results.push_back(f);
      settings[kind].push_back(js);
      p.stages.push_back(std::move(c));
    }
  }
  // The result layers (for the export and the store), with the named places.
  p.results = results;
  if (!profile.places.empty() && fs::exists(profile.places) &&
      std::none_of(p.results.begin(), p.results.end(),
                   [](const fs::path& f) { return f.stem() == "locaties"; }))
    p.results.push_back(profile.places);
  if (root.contains("export")) {
    const auto& v = root.at("export");
    auto [c, js] = stage("export", v, "export");
    std::string gpkg = c.name == "export" ? "map" : c.name;
    const auto& t = v.as_table();
    c.add("gpkg", (p.out_dir / (gpkg + ".gpkg")).string());
    if (!t.count("title")) c.add("title", p.title);  // the stage's own title wins
    // Named places go on the map too.
    const fs::path places = profile.places;
    for (const auto& f : p.results) c.add("layers", f.string());
    c.outputs = {p.out_dir / (gpkg + ".gpkg"), p.out_dir / (gpkg + ".qgs")};
    settings["export"] = js;
    p.stages.push_back(c);
    if (t.count("png")) {
      StageCall r;
      r.stage = "render";
      r.name = "png";
      r.line = line_of(t.at("png"));
      const std::string png = scalar_text(t.at("png"), file, "png");
      if (png.find_first_of("/\\:") != std::string::npos || png.empty() || png.front() == '.' ||
          fs::path(png).extension() != ".png")
        throw Error(ErrorCode::Usage,
                    fmt::format("png = \"{}\" (line {}) is not a PNG file name in the out folder",
                                png, r.line),
                    {file.string(), "export", "png"}, "write e.g. png = \"deventer.png\"");
      r.add("out", (p.out_dir / png).string());
      r.add("title", t.count("title") ? scalar_text(t.at("title"), file, "title") : p.title);
      for (const char* k : {"width-px", "height-px", "dpi", "data-date", "suppress-below",
                            "include-points", "theme", "lang"})
        if (t.count(k)) {
          r.add(k, scalar_text(t.at(k), file, k));
          r.key_lines[k] = line_of(t.at(k));
        }
      // The picture is one map: the stages named in png-layers as they are, or else the
      // overview of the results (the counts per buurt with the named places).
      std::vector<std::string> wanted;
      if (!t.count("png-layers")) {
        for (const auto& f : p.results) r.add("layers", f.string());
      } else {
        if (!t.count("theme")) r.add("theme", "layers");
        const auto& pl = t.at("png-layers");
        if (!pl.is_array())
          throw Error(
              ErrorCode::Usage,
              fmt::format("'png-layers' (line {}) must be a list of stage names", line_of(pl)),
              {file.string(), "export", "png-layers"},
              "write png-layers = [\"buurten\", \"overlast\"]");
        for (const auto& e : pl.as_array()) wanted.push_back(scalar_text(e, file, "png-layers"));
      }
      for (const auto& w : wanted) {
        auto it = std::find_if(p.stages.begin(), p.stages.end(),
                               [&](const StageCall& s) { return s.name == w; });
        if (it == p.stages.end())
          throw Error(ErrorCode::Usage, fmt::format("png-layers names '{}', which is no stage", w),
                      {file.string(), "export", "png-layers"}, "use the names of the stages");
        for (const auto& f : it->outputs)
          if (f.extension() == ".geojson" || f.extension() == ".tif") r.add("layers", f.string());
      }
      if (t.count("png-layers") && !places.empty() && fs::exists(places))
        r.add("layers", places.string());
      r.outputs = {p.out_dir / png};
      p.stages.push_back(r);
    }
    // The map series for the report: one map per theme, in <out>/kaarten/, per format.
    if (t.count("maps")) {
      const auto& mv = t.at("maps");
      std::vector<std::string> formats;
      if (mv.is_array())
        for (const auto& e : mv.as_array()) formats.push_back(scalar_text(e, file, "maps"));
      else
        formats.push_back(scalar_text(mv, file, "maps"));
      for (const auto& f : formats) {
        if (f != "png" && f != "pdf" && f != "svg")
          throw Error(ErrorCode::Usage,
                      fmt::format("maps = \"{}\" (line {}) is no map format", f, line_of(mv)),
                      {file.string(), "export", "maps"},
                      "write maps = [\"png\", \"pdf\"] (png, pdf or svg)");
        StageCall r;
        r.stage = "render";
        r.name = "maps-" + f;
        r.line = line_of(mv);
        r.add("out", (p.out_dir / "kaarten" / (gpkg + "." + f)).string());
        r.add("theme", "all");
        r.add("title", t.count("title") ? scalar_text(t.at("title"), file, "title") : p.title);
        for (const char* k : {"width-px", "height-px", "dpi", "data-date", "suppress-below",
                              "include-points", "lang"})
          if (t.count(k)) {
            r.add(k, scalar_text(t.at(k), file, k));
            r.key_lines[k] = line_of(t.at(k));
          }
        for (const auto& l : p.results) r.add("layers", l.string());
        r.outputs = {p.out_dir / "kaarten" / (gpkg + "." + f)};
        p.stages.push_back(r);
      }
    }
  }
  // The web map: every result layer, as in the QGIS project, in <out>/web/.
  if (root.contains("web")) {
    const auto& v = root.at("web");
    if (!v.is_table())
      throw Error(ErrorCode::Usage, fmt::format("[web] (line {}) must be one table", line_of(v)),
                  {file.string(), "web"}, "write [web]");
    auto [c, js] = stage("web", v, "web");
    c.add("out", (p.out_dir / "web").string());
    if (!v.as_table().count("title")) c.add("title", p.title);
    for (const auto& f : p.results) c.add("layers", f.string());
    c.outputs = {p.out_dir / "web" / "index.html"};
    settings["web"] = js;
    p.stages.push_back(c);
  }
  // The result layers (for the export and the store), with the named places.
  {
    // No output may replace an input or another output of the run (the manifest's own name
    // included), whatever the stage names and keys say.
    std::vector<NamedPath> ins, outs{{"manifest", p.out_dir / "manifest.json"}};
    for (const auto& f : p.inputs) ins.emplace_back("input", f);
    for (const auto& s : p.stages) {
      const std::string who = fmt::format("of [{}] '{}' (line {})", s.stage, s.name, s.line);
      for (const auto& f : s.outputs) outs.emplace_back(who, f);
      if (s.stage != "export" && s.stage != "render" && s.stage != "route" && !s.outputs.empty())
        outs.emplace_back(who, fs::path(p.out_dir.string() + "-rejects") /
                                   (s.outputs.front().stem().string() + ".rejects.csv"));
    }
    try {
      check_output_paths(ins, outs);
    } catch (const Error& e) {
      throw Error(ErrorCode::Usage, e.what(), {file.string()},
                  "rename the stage or the key so that every output has a name of its own");
    }
  }
  // Every stage's options converted and checked (types, ranges, combinations) before
  // anything runs.
  {
    RunContext quiet;
    quiet.verbosity = Verbosity::Quiet;
    step::Env env{quiet, profile};
    for (const auto& c : p.stages) (void)instantiate(c, file, env);
  }
  if (p.stages.empty())
    throw Error(ErrorCode::Usage, "the pipeline has no stages", {file.string()},
                "add [[join]], [[density]], [[stats]], [[score]], [[route]] or [export]");
  if (p.internal) make_internal(p);
  settings["run"]["internal"] = p.internal;
  settings["stages"] = nlohmann::ordered_json::array();
  for (const auto& s : p.stages) {
    nlohmann::ordered_json o = nlohmann::ordered_json::object();
    for (const auto& [k, v] : s.values)
      o[k] = v.size() == 1 ? nlohmann::ordered_json(v.front()) : nlohmann::ordered_json(v);
    settings["stages"].push_back({{"stage", s.stage}, {"name", s.name}, {"options", o}});
  }
  p.settings_json = settings.dump(2);
  return p;
}

void make_internal(Plan& p) {
  p.internal = true;
  for (auto& s : p.stages)
    if (s.stage != "synth") {  // every step that writes results
      bool has = false;
      for (auto& kv : s.values)
        if (kv.first == "internal") kv.second = {"true"}, has = true;
      if (!has) s.add("internal", "true");
    }
}

std::string store_schema(const Plan& p) {
  if (!p.internal) return p.store_schema;
  return (p.store_schema.empty() ? std::string("public") : p.store_schema) + "_intern";
}

Plan staged(const Plan& p, const fs::path& staging) {
  std::set<std::string> written;
  for (const auto& s : p.stages)
    for (const auto& f : s.outputs) {
      written.insert(f.string());
      if (f.parent_path() != p.out_dir) written.insert(f.parent_path().string());
    }
  auto move = [&](const fs::path& f) { return staging / f.lexically_relative(p.out_dir); };
  Plan q = p;
  for (auto& r : q.results)
    if (written.count(r.string())) r = move(r);
  for (auto& s : q.stages) {
    for (auto& kv : s.values)
      for (auto& a : kv.second)
        if (written.count(a)) a = move(a).string();
    for (auto& f : s.outputs) f = move(f);
    if (!s.primary.empty()) s.primary = move(s.primary);
  }
  return q;
}

}  // namespace hotspot::pipeline
