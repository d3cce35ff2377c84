// SPDX-License-Identifier: MIT
#pragma once
// MIGRATE_DETAIL_ZERO_FIELDS_BEGIN / _END enclose code that builds migrate's zero-default structs (schema operations,
// column definitions, the fold's entries) from designated lists that name only what they set. Those structs have no
// default member initialisers because GCC evaluates them at every object built at compile time
// (docs/compile-time.md, "Default member initialisers"); GCC's -Wmissing-field-initializers (and Clang's from 18)
// would report every such list, although a field left out is zero-initialised by the language and zero is its default.

#if defined(__clang__)
#define MIGRATE_DETAIL_ZERO_FIELDS_BEGIN \
  _Pragma("clang diagnostic push") _Pragma("clang diagnostic ignored \"-Wmissing-field-initializers\"")
#define MIGRATE_DETAIL_ZERO_FIELDS_END _Pragma("clang diagnostic pop")
#elif defined(__GNUC__)
#define MIGRATE_DETAIL_ZERO_FIELDS_BEGIN \
  _Pragma("GCC diagnostic push") _Pragma("GCC diagnostic ignored \"-Wmissing-field-initializers\"")
#define MIGRATE_DETAIL_ZERO_FIELDS_END _Pragma("GCC diagnostic pop")
#else
#define MIGRATE_DETAIL_ZERO_FIELDS_BEGIN
#define MIGRATE_DETAIL_ZERO_FIELDS_END
#endif
