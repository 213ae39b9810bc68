#include "hotspot/io/csv.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <cstring>

#include <fmt/format.h>

#include "hotspot/core/error.hpp"

namespace hotspot::io {

MappedFile::MappedFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0)
    throw Error(ErrorCode::InputMissing, fmt::format("cannot open: {}", std::strerror(errno)),
                {path}, "check the path and that you may read the file");
  struct stat st {};
  if (::fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
    ::close(fd);
    throw Error(ErrorCode::InputMissing, "not a regular file", {path});
  }
  size_ = static_cast<std::size_t>(st.st_size);
  if (size_ > 0) {
    void* p = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    if (p == MAP_FAILED) {
      ::close(fd);
      throw Error(ErrorCode::InputMissing, fmt::format("cannot map: {}", std::strerror(errno)),
                  {path});
    }
    ::madvise(p, size_, MADV_SEQUENTIAL);
    data_ = static_cast<const char*>(p);
  }
  ::close(fd);
}

MappedFile::~MappedFile() {
  if (data_) ::munmap(const_cast<char*>(data_), size_);
}

LineEnd detect_line_end(std::string_view text) noexcept {
  if (text.empty()) return LineEnd::LF;
  if (std::memchr(text.data(), '\n', text.size())) return LineEnd::LF;
  if (std::memchr(text.data(), '\r', text.size())) return LineEnd::CR;
  return LineEnd::LF;
}

std::size_t count_line_ends(std::string_view s, LineEnd le) noexcept {
  return count_byte(s, le == LineEnd::CR ? '\r' : '\n');
}

CsvReader::CsvReader(std::string_view text, char delimiter, std::int64_t first_line,
                     LineEnd line_end)
    : text_(text), line_(first_line), delim_(delimiter) {
  eol_ = static_cast<char>(line_end == LineEnd::Auto ? detect_line_end(text) : line_end);
  if (first_line == 1 && text_.size() >= 3 && static_cast<unsigned char>(text_[0]) == 0xEF &&
      static_cast<unsigned char>(text_[1]) == 0xBB &&
      static_cast<unsigned char>(text_[2]) == 0xBF) {
    bom_ = true;
    pos_ = 3;
  }
  if (delim_ == 0) {
    // Sniff: the candidate occurring most often, outside quotes, on the first line.
    std::size_t n_comma = 0, n_semi = 0, n_tab = 0;
    bool q = false;
    for (std::size_t i = pos_; i < text_.size() && (q || (text_[i] != '\n' && text_[i] != '\r'));
         ++i) {
      const char c = text_[i];
      if (c == '"')
        q = !q;
      else if (!q && c == ',')
        ++n_comma;
      else if (!q && c == ';')
        ++n_semi;
      else if (!q && c == '\t')
        ++n_tab;
    }
    delim_ = n_semi > n_comma && n_semi >= n_tab ? ';' : (n_tab > n_comma ? '\t' : ',');
  }
}

bool CsvReader::next(std::vector<std::string_view>& fields) {
  fields.clear();
  broken_.clear();
  const std::size_t n = text_.size();
  // A line end at i: the convention's byte, or (LF files) a CR right before an LF or at the
  // very end of the text. Any other CR is data.
  auto is_eol = [&](std::size_t i) {
    const char c = text_[i];
    if (c == eol_) return true;
    return eol_ == '\n' && c == '\r' && (i + 1 == n || text_[i + 1] == '\n');
  };
  // Skip blank lines.
  while (pos_ < n && is_eol(pos_)) {
    if (text_[pos_] == eol_) ++line_;
    ++pos_;
  }
  if (pos_ >= n) return false;
  record_line_ = line_;
  const std::size_t start = pos_;
  // Scan an unquoted stretch up to a delimiter or a line end.
  auto scan_plain = [&] {
    while (true) {
      while (pos_ < n && text_[pos_] != delim_ && text_[pos_] != '\n' && text_[pos_] != '\r')
        ++pos_;
      if (pos_ < n && !is_eol(pos_) && text_[pos_] != delim_) {
        ++pos_;  // a CR inside a field of an LF file
        continue;
      }
      return;
    }
  };
  // Unescaped quoted fields are copied to scratch_; reserve so views stay valid.
  scratch_.clear();
  bool scratch_reserved = false;
  while (true) {
    if (pos_ < n && text_[pos_] == '"') {
      ++pos_;
      const std::size_t f0 = pos_;
      bool escaped = false, closed = false;
      std::int64_t lines_inside = 0;
      while (pos_ < n) {
        const char c = text_[pos_];
        if (c == '"') {
          if (pos_ + 1 < n && text_[pos_ + 1] == '"') {
            escaped = true;
            pos_ += 2;
            continue;
          }
          closed = true;
          break;
        }
        if (c == eol_ && ++lines_inside > kMaxQuotedLines) break;
        ++pos_;
      }
      if (!closed) {
        // An unbalanced quote: one broken record (its first line), and go on after it.
        broken_ = pos_ >= n
                      ? fmt::format(
                            "unbalanced quote: the quoted field opened on line {} is never closed",
                            record_line_ + lines_inside)
                      : fmt::format(
                            "unbalanced quote: the quoted field opened on line {} runs over more "
                            "than {} lines",
                            record_line_, kMaxQuotedLines);
        std::size_t e = start;
        while (e < n && !is_eol(e)) ++e;
        raw_ = text_.substr(start, e - start);
        pos_ = e;
        if (pos_ < n && text_[pos_] == '\r' && eol_ == '\n') ++pos_;
        if (pos_ < n && text_[pos_] == eol_) ++pos_;
        line_ = record_line_ + 1;
        fields.clear();
        return true;
      }
      line_ += lines_inside;
      std::string_view f = text_.substr(f0, pos_ - f0);
      ++pos_;  // closing quote
      // Anything between the closing quote and the delimiter is kept (lenient).
      const std::size_t tail0 = pos_;
      scan_plain();
      if (escaped || pos_ > tail0) {
        if (!scratch_reserved) {
          scratch_.reserve(n - start + 1);
          scratch_reserved = true;
        }
        const std::size_t s0 = scratch_.size();
        for (std::size_t i = 0; i < f.size(); ++i) {
          scratch_ += f[i];
          if (f[i] == '"' && i + 1 < f.size() && f[i + 1] == '"') ++i;
        }
        scratch_.append(text_.substr(tail0, pos_ - tail0));
        f = std::string_view(scratch_).substr(s0);
      }
      fields.push_back(f);
    } else {
      const std::size_t f0 = pos_;
      scan_plain();
      fields.push_back(text_.substr(f0, pos_ - f0));
    }
    if (pos_ < n && text_[pos_] == delim_) {
      ++pos_;
      continue;
    }
    break;
  }
  const std::size_t end = pos_;
  if (pos_ < n && text_[pos_] == '\r' && eol_ == '\n') ++pos_;
  if (pos_ < n && text_[pos_] == eol_) {
    ++pos_;
    ++line_;
  }
  raw_ = text_.substr(start, end - start);
  return true;
}

bool parse_number(std::string_view s, double& out) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  if (s.empty()) return false;
  if (s.front() == '+') s.remove_prefix(1);
  char buf[64];
  if (s.find(',') != std::string_view::npos) {
    if (s.find('.') != std::string_view::npos || s.size() >= sizeof buf) return false;
    if (std::count(s.begin(), s.end(), ',') != 1) return false;
    std::memcpy(buf, s.data(), s.size());
    std::replace(buf, buf + s.size(), ',', '.');
    s = std::string_view(buf, s.size());
  }
  const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  if (r.ec == std::errc::result_out_of_range && r.ptr == s.data() + s.size() &&
      s.size() < sizeof buf) {
    // A number too small or too large for a double (1e-400, 1e400) is still a number: it
    // becomes 0 or an infinity, which the caller judges like any other value.
    char z[64];
    std::memcpy(z, s.data(), s.size());
    z[s.size()] = 0;
    out = std::strtod(z, nullptr);
    return true;
  }
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

bool is_utf8(std::string_view s) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  std::size_t i = 0;
  while (i < n) {
    if (i + 8 <= n) {
      std::uint64_t w;
      std::memcpy(&w, p + i, 8);
      if ((w & 0x8080808080808080ULL) == 0) {
        i += 8;
        continue;
      }
    }
    const unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    const std::size_t extra = c >= 0xF0 && c <= 0xF4   ? 3
                              : c >= 0xE0 && c <= 0xEF ? 2
                              : c >= 0xC2 && c <= 0xDF ? 1
                                                       : 0;
    if (extra == 0 || i + extra >= n) return false;
    for (std::size_t k = 1; k <= extra; ++k)
      if ((p[i + k] & 0xC0) != 0x80) return false;
    i += extra + 1;
  }
  return true;
}

std::string cp1252_to_utf8(std::string_view s) {
  // 0x80..0x9F in Windows-1252 (0 = undefined there, kept as U+FFFD).
  static const char16_t k80[32] = {0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                   0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
                                   0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                   0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (unsigned char c : s) {
    if (c < 0x80) {
      out += static_cast<char>(c);
      continue;
    }
    char32_t cp = c < 0xA0 ? k80[c - 0x80] : c;
    if (cp == 0) cp = 0xFFFD;
    if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  return out;
}

std::size_t count_byte(std::string_view s, char c) noexcept {
  std::size_t n = 0, i = 0;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto b = static_cast<unsigned char>(c);
  // Byte counters over blocks of 255 (they cannot overflow), which the compiler vectorises.
  while (s.size() - i >= 255) {
    unsigned char acc = 0;
    for (std::size_t k = 0; k < 255; ++k) acc = static_cast<unsigned char>(acc + (p[i + k] == b));
    n += acc;
    i += 255;
  }
  for (; i < s.size(); ++i) n += p[i] == b;
  return n;
}

}  // namespace hotspot::io
