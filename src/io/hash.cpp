#include "hotspot/io/hash.hpp"

#include <openssl/evp.h>

#include <fstream>
#include <memory>
#include <vector>

#include <fmt/format.h>

#include "hotspot/core/error.hpp"

namespace hotspot {

std::string sha256_file(const std::filesystem::path& p) {
  std::ifstream is(p, std::ios::binary);
  if (!is) throw Error(ErrorCode::InputMissing, "cannot read the file to hash it", {p.string()});
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr);
  std::vector<char> buf(1 << 20);
  while (is) {
    is.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    if (is.gcount() > 0)
      EVP_DigestUpdate(ctx.get(), buf.data(), static_cast<std::size_t>(is.gcount()));
  }
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx.get(), md, &len);
  std::string out;
  for (unsigned int i = 0; i < len; ++i) out += fmt::format("{:02x}", md[i]);
  return out;
}

}  // namespace hotspot
