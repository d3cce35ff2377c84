// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// Portable column types and column definitions for typed schema migrations (`migrate::schema`).

#include <cstdint>
#include <string_view>

#include <migrate/core/detail/zero_fields.hpp>

MIGRATE_DETAIL_ZERO_FIELDS_BEGIN

namespace migrate::inline MIGRATE_ABI_NAMESPACE::schema {

/// The family of a portable column type; each dialect maps it to its natural type.
// text is the zero, so that a value-initialised column_type is text (the structs below have no member initialisers).
enum class type_family : std::uint8_t {
  text,          ///< unbounded text
  integer,       ///< 32-bit integer
  bigint,        ///< 64-bit integer
  auto_id,       ///< an auto-increment integer primary key (SERIAL-like / INTEGER PRIMARY KEY AUTOINCREMENT)
  boolean,       ///< true/false
  varchar,       ///< text of at most `length` characters
  numeric,       ///< exact decimal numeric(precision, scale)
  real,          ///< double precision floating point
  date,          ///< calendar date
  timestamp,     ///< date and time without zone
  timestamp_tz,  ///< instant (date and time with zone)
  uuid,          ///< UUID
  json,          ///< JSON document (JSONB on PostgreSQL)
  bytes,         ///< binary data
};

/// The name of a type family, as messages and `verify --schema` print it.
constexpr std::string_view to_string(type_family f) noexcept {
  constexpr std::string_view names[] = {"text", "integer", "bigint", "auto_id", "boolean", "varchar", "numeric",
                                        "real", "date", "timestamp", "timestamp_tz", "uuid", "json", "bytes"};
  return names[static_cast<std::uint8_t>(f)];
}

// The structs below have no default member initialisers: a zero in each field is its default. GCC evaluates a
// class's initialisers wherever one is value-initialised or built from a designated list (the pool of every
// migration's column definitions, the fold's arrays of them): 0.3 M instructions a typed migration for these
// (docs/compile-time.md, "Default member initialisers").

/// A portable column type: a family and its parameters (value-initialised: text).
struct column_type {
  type_family family;
  std::uint16_t length;    ///< varchar(n)
  std::uint8_t precision;  ///< numeric(p, s)
  std::uint8_t scale;
  friend constexpr bool operator==(const column_type&, const column_type&) = default;
};

/// A column's foreign key (`.references("users", "id")`).
struct column_reference {
  std::string_view table;
  std::string_view column;
  std::string_view on_delete;  ///< e.g. "CASCADE", "SET NULL"; empty: the database's default (NO ACTION)
};

/// A column definition: `column("email", varchar(255)).not_null().unique()`.
struct column_def {
  std::string_view name;
  column_type type;
  bool not_null_;                ///< NOT NULL (`nullable()` reads it); a primary key is NOT NULL whatever it says
  bool primary_key;
  bool is_unique;
  std::string_view default_sql;  ///< a portable SQL expression: "0", "'draft'", "CURRENT_TIMESTAMP"
  bool default_true;             ///< `.default_value(true/false)`: rendered per dialect (TRUE vs 1)
  bool default_false;
  column_reference references_;

  /// True when the column allows NULL (what NOT NULL and PRIMARY KEY leave).
  constexpr bool nullable() const noexcept { return !not_null_; }
  /// NOT NULL.
  constexpr column_def not_null() const noexcept { auto copy = *this; copy.not_null_ = true; return copy; }
  /// PRIMARY KEY (implies NOT NULL).
  constexpr column_def primary() const noexcept { auto copy = *this; copy.primary_key = true; copy.not_null_ = true; return copy; }
  /// UNIQUE.
  constexpr column_def unique() const noexcept { auto copy = *this; copy.is_unique = true; return copy; }
  /// DEFAULT `sql` (a portable expression; see docs/schema.md).
  constexpr column_def default_(std::string_view sql) const noexcept { auto copy = *this; copy.default_sql = sql; return copy; }
  /// A boolean default, rendered as each dialect writes booleans.
  constexpr column_def default_value(bool value) const noexcept { auto copy = *this; copy.default_true = value; copy.default_false = !value; return copy; }
  /// DEFAULT CURRENT_TIMESTAMP.
  constexpr column_def default_now() const noexcept { return default_("CURRENT_TIMESTAMP"); }
  /// REFERENCES table(column) [ON DELETE on_delete].
  constexpr column_def references(std::string_view table, std::string_view column = "id",
                                  std::string_view on_delete = {}) const noexcept { auto copy = *this; copy.references_ = {table, column, on_delete}; return copy; }

};

/// The portable types, spelled as in a migration (`integer`, `varchar(255)`, `numeric(10, 2)`).
struct type_vocabulary {
  static constexpr column_type integer{type_family::integer};
  static constexpr column_type bigint{type_family::bigint};
  static constexpr column_type auto_id{type_family::auto_id};
  static constexpr column_type boolean{type_family::boolean};
  static constexpr column_type text{type_family::text};
  static constexpr column_type real{type_family::real};
  static constexpr column_type date{type_family::date};
  static constexpr column_type timestamp{type_family::timestamp};
  static constexpr column_type timestamp_tz{type_family::timestamp_tz};
  static constexpr column_type uuid{type_family::uuid};
  static constexpr column_type json{type_family::json};
  static constexpr column_type bytes{type_family::bytes};
  /// varchar(n): text of at most n characters.
  static constexpr column_type varchar(std::uint16_t n) noexcept { return {type_family::varchar, n}; }
  /// numeric(p, s): exact decimal.
  static constexpr column_type numeric(std::uint8_t p, std::uint8_t s = 0) noexcept {
    return {type_family::numeric, 0, p, s};
  }
  /// A column named `name` of type `type`, nullable until said otherwise.
  static constexpr column_def column(std::string_view name, column_type type) noexcept {
    column_def c{.name = name, .type = type};
    if (type.family == type_family::auto_id) {
      c.primary_key = true;
      c.not_null_ = true;
    }
    return c;
  }
};

}  // namespace migrate::schema

MIGRATE_DETAIL_ZERO_FIELDS_END
