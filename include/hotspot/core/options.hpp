#pragma once
// One declaration of every option (issue 12). A step declares each option once: its key
// ("bandwidth-m"), kind, unit, help, default, allowed values and range, and the config field
// it fills. The command line (CLI11), the pipeline file (TOML) and `hotspot describe --json`
// are all driven from these declarations, so an option has one name, one type and one check
// wherever it is given. Values arrive as text (a command-line word, or a TOML scalar spelled
// out) and are converted and checked here; an error names the option by its key (the
// command line shows it as --key, the pipeline with its file and line).
#include <cstdint>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

namespace hotspot {

enum class OptionKind { Text, Integer, Number, Flag, List };

/// What a text option names, for planning (inputs must exist, outputs stay in the out folder)
/// and for the QGIS provider (which parameter type to offer).
enum class OptionRole { Plain, InputFile, OutputFile, OutputFolder, Column };

struct OptionDecl {
  using Target = std::variant<std::string*, int*, unsigned*, std::int64_t*, std::uint64_t*, double*,
                              bool*, std::vector<std::string>*, std::vector<double>*, char*>;
  std::string key;                   ///< long name without "--", e.g. "bandwidth-m"
  std::vector<std::string> aliases;  ///< other accepted names ("per-col" for "population-col")
  std::string help;                  ///< one line, with the unit in words where there is one
  Target target;
  OptionKind kind = OptionKind::Text;
  OptionRole role = OptionRole::Plain;
  std::string unit;                  ///< "m", "min", "px", "%" ...; "" when none
  std::string default_text;          ///< shown in help and description; "" = none
  std::vector<std::string> choices;  ///< allowed values of a Text option (empty = any)
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  bool min_exclusive = false;
  bool required = false;
  bool positional = false;   ///< given without a flag (export's layers)
  bool split_comma = false;  ///< a List also splits each value at commas
  char short_name = 0;       ///< -q, -v
  std::string column_of;     ///< a Column option: the key of the layer option it names a field of
  std::string group;         ///< "incidents", "filter", "output", "" (for help and the provider)
  /// What a file option holds, for tools: vector, raster, table, image, toml, layers (several
  /// result files of any kind), file. "" for values.
  std::string format;
};

/// The options of one step, bound to its config. Declaration is fluent:
///   set.number("bandwidth-m", &c.bandwidth_m, "Bandwidth in metres").unit("m").above(0);
class OptionSet {
 public:
  class Builder {
   public:
    explicit Builder(OptionDecl& d) : d_(d) {}
    Builder& unit(std::string u) {
      d_.unit = std::move(u);
      return *this;
    }
    Builder& def(std::string t) {
      d_.default_text = std::move(t);
      return *this;
    }
    Builder& choices(std::vector<std::string> c) {
      d_.choices = std::move(c);
      return *this;
    }
    Builder& range(double lo, double hi) {
      d_.min = lo;
      d_.max = hi;
      return *this;
    }
    Builder& above(double lo) {
      d_.min = lo;
      d_.min_exclusive = true;
      return *this;
    }
    Builder& at_least(double lo) {
      d_.min = lo;
      return *this;
    }
    Builder& at_most(double hi) {
      d_.max = hi;
      return *this;
    }
    Builder& required() {
      d_.required = true;
      return *this;
    }
    Builder& positional() {
      d_.positional = true;
      return *this;
    }
    Builder& comma() {
      d_.split_comma = true;
      return *this;
    }
    Builder& input() {
      d_.role = OptionRole::InputFile;
      return *this;
    }
    Builder& output() {
      d_.role = OptionRole::OutputFile;
      return *this;
    }
    Builder& output_folder() {
      d_.role = OptionRole::OutputFolder;
      return *this;
    }
    Builder& column(std::string of) {
      d_.role = OptionRole::Column;
      d_.column_of = std::move(of);
      return *this;
    }
    Builder& group(std::string g) {
      d_.group = std::move(g);
      return *this;
    }
    Builder& short_name(char c) {
      d_.short_name = c;
      return *this;
    }
    Builder& format(std::string f) {
      d_.format = std::move(f);
      return *this;
    }
    Builder& alias(std::string a) {
      d_.aliases.push_back(std::move(a));
      return *this;
    }

   private:
    OptionDecl& d_;
  };

  Builder text(std::string key, std::string* t, std::string help);
  Builder integer(std::string key, int* t, std::string help);
  Builder integer(std::string key, unsigned* t, std::string help);
  Builder integer(std::string key, std::int64_t* t, std::string help);
  Builder integer(std::string key, std::uint64_t* t, std::string help);
  Builder number(std::string key, double* t, std::string help);
  Builder flag(std::string key, bool* t, std::string help);
  Builder list(std::string key, std::vector<std::string>* t, std::string help);
  Builder character(std::string key, char* t, std::string help);
  Builder numbers(std::string key, std::vector<double>* t,
                  std::string help);  ///< a list of numbers, comma-separated too
  /// The kind follows the field's type (text, whole number, number, flag, list, character).
  Builder opt(std::string key, std::string* t, std::string help) {
    return text(std::move(key), t, std::move(help));
  }
  Builder opt(std::string key, int* t, std::string help) {
    return integer(std::move(key), t, std::move(help));
  }
  Builder opt(std::string key, unsigned* t, std::string help) {
    return integer(std::move(key), t, std::move(help));
  }
  Builder opt(std::string key, std::int64_t* t, std::string help) {
    return integer(std::move(key), t, std::move(help));
  }
  Builder opt(std::string key, std::uint64_t* t, std::string help) {
    return integer(std::move(key), t, std::move(help));
  }
  Builder opt(std::string key, double* t, std::string help) {
    return number(std::move(key), t, std::move(help));
  }
  Builder opt(std::string key, bool* t, std::string help) {
    return flag(std::move(key), t, std::move(help));
  }
  Builder opt(std::string key, std::vector<std::string>* t, std::string help) {
    return list(std::move(key), t, std::move(help));
  }
  Builder opt(std::string key, std::vector<double>* t, std::string help) {
    return numbers(std::move(key), t, std::move(help));
  }
  Builder opt(std::string key, char* t, std::string help) {
    return character(std::move(key), t, std::move(help));
  }

  const std::vector<OptionDecl>& decls() const noexcept { return decls_; }
  const OptionDecl* find(const std::string& key) const;  ///< by key or alias
  std::set<std::string> given_keys() const { return given_; }
  std::vector<std::string> keys() const;  ///< keys and aliases

  /// Give an option its value(s): converted, range-checked and stored in the config field.
  /// A Flag takes "true"/"false" (or no value: true). Lists append.
  /// @throws Error(Usage) with field = key.
  void assign(const std::string& key, const std::vector<std::string>& values);
  /// True when the option was given (on the command line or in the file).
  bool given(const std::string& key) const { return given_.count(key) > 0; }
  /// @throws Error(Usage) for a required option that was not given.
  void check_required() const;

 private:
  Builder add(OptionDecl d);
  std::vector<OptionDecl> decls_;
  std::set<std::string> given_;
};

/// "3", "1e-3", "true": the text of a default value.
std::string option_default_text(const OptionDecl::Target& t);

}  // namespace hotspot
