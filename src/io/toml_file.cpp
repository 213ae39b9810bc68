#include "hotspot/io/toml_file.hpp"

#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "hotspot/core/error.hpp"

namespace hotspot::io {

std::pair<int, int> first_non_text_byte(const std::string& text) noexcept {
  int line = 1, col = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    ++col;
    if (c == '\n') {
      ++line;
      col = 0;
      continue;
    }
    bool bad = false;
    if (c == '\r')
      bad = i + 1 >= text.size() || text[i + 1] != '\n';
    else if (c < 0x20 && c != '\t')
      bad = true;
    else if (c == 0x7F)
      bad = true;
    else if (c >= 0x80) {
      // Well-formed UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing past U+10FFFF.
      std::size_t extra = c >= 0xF0 && c <= 0xF4   ? 3
                          : c >= 0xE0 && c <= 0xEF ? 2
                          : c >= 0xC2 && c <= 0xDF ? 1
                                                   : 0;
      bad = extra == 0 || i + extra >= text.size();
      for (std::size_t k = 1; !bad && k <= extra; ++k)
        bad = (static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80;
      if (!bad) {
        const auto c1 = static_cast<unsigned char>(text[i + 1]);
        if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0) || (c == 0xF0 && c1 < 0x90) ||
            (c == 0xF4 && c1 >= 0x90))
          bad = true;
      }
      if (!bad) i += extra;
    }
    if (bad) return {line, col};
  }
  return {0, 0};
}

toml::value read_toml_file(const std::filesystem::path& file, const std::string& what) {
  std::string text;
  {
    std::ifstream is(file, std::ios::binary);
    if (!is)
      throw Error(ErrorCode::InputMissing, fmt::format("cannot read {}", what), {file.string()},
                  "check the path and that you may read the file");
    std::ostringstream ss;
    ss << is.rdbuf();
    text = ss.str();
  }
  if (const auto [line, col] = first_non_text_byte(text); line > 0)
    throw Error(
        ErrorCode::InputFormat,
        fmt::format(
            "{} is not UTF-8 text: a control character or broken byte at line {}, column {}", what,
            line, col),
        {file.string(), "", "", line}, "save it as plain UTF-8 text");
  text += '\n';
  try {
    std::istringstream in(text);
    return toml::parse(in, file.string());
  } catch (const std::exception& e) {
    throw Error(ErrorCode::InputFormat, fmt::format("{} is not valid TOML: {}", what, e.what()),
                {file.string()}, "fix the syntax at the line shown");
  }
}

}  // namespace hotspot::io
