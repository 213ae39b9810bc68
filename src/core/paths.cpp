#include "hotspot/core/paths.hpp"

#include <fmt/format.h>

#include "hotspot/core/error.hpp"

namespace hotspot {

namespace fs = std::filesystem;

namespace {
bool skipped(const fs::path& p) {
  const std::string s = p.string();
  return s.empty() || s.rfind("PG:", 0) == 0 || s.rfind("postgresql://", 0) == 0 ||
         s.rfind("/vsi", 0) == 0;
}
}  // namespace

bool same_file(const fs::path& a, const fs::path& b) {
  std::error_code ea, eb;
  const fs::path ca = fs::weakly_canonical(fs::absolute(a), ea),
                 cb = fs::weakly_canonical(fs::absolute(b), eb);
  if (!ea && !eb && ca == cb) return true;
  std::error_code ec;
  return fs::exists(a, ec) && fs::exists(b, ec) && fs::equivalent(a, b, ec) && !ec;
}

void check_output_paths(const std::vector<NamedPath>& inputs,
                        const std::vector<NamedPath>& outputs) {
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    const auto& [oname, out] = outputs[i];
    if (skipped(out)) continue;
    for (const auto& [iname, in] : inputs) {
      if (skipped(in)) continue;
      if (same_file(out, in))
        throw Error(ErrorCode::Usage,
                    fmt::format("the output {} '{}' is the input {} '{}': it would be overwritten",
                                oname, out.string(), iname, in.string()),
                    {out.string(), "", oname}, "write the results to another file or folder");
    }
    for (std::size_t j = 0; j < i; ++j) {
      const auto& [pname, prev] = outputs[j];
      if (skipped(prev)) continue;
      if (same_file(out, prev))
        throw Error(
            ErrorCode::Usage,
            fmt::format("the outputs {} and {} are the same file '{}'", pname, oname, out.string()),
            {out.string(), "", oname}, "give each output its own name");
    }
  }
}

}  // namespace hotspot
