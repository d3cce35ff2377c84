// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
// Words for whatever a migration threw, std::exception or not, so a failure report never says "unknown error".

#include <exception>
#include <string>
#include <typeinfo>

#if __has_include(<cxxabi.h>)
#include <cxxabi.h>
#include <cstdlib>
#include <memory>
#endif

namespace migrate::inline MIGRATE_ABI_NAMESPACE::detail {

// The thrown object's type name, demangled where the ABI lets us ask (GCC, Clang); "unknown type" elsewhere.
inline std::string current_exception_type_name() {
#if __has_include(<cxxabi.h>)
  if (const std::type_info* type = abi::__cxa_current_exception_type()) {
    int status = 0;
    std::unique_ptr<char, void (*)(void*)> name(abi::__cxa_demangle(type->name(), nullptr, nullptr, &status),
                                                std::free);
    return status == 0 && name ? std::string(name.get()) : std::string(type->name());
  }
#endif
  return "unknown type";
}

/// What `failure` says: `what()` of a std::exception, else "a non-standard exception of type int".
inline std::string describe_exception(std::exception_ptr failure) {
  try {
    std::rethrow_exception(failure);
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "a non-standard exception of type " + current_exception_type_name() + " was thrown";
  }
}

}  // namespace migrate::detail
