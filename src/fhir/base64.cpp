// SPDX-License-Identifier: MIT
#include <migrate/core/version.hpp>
#include <migrate/fhir/detail/base64.hpp>

#include <openssl/evp.h>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::fhir::detail {

std::string base64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(written));
  return out;
}

}  // namespace migrate::fhir::detail
