// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
// UTC timestamps for state rows, events and FHIR leases. Computed with <chrono> calendar arithmetic on the
// system clock's epoch, never through localtime/strftime or fmt/chrono.h: those follow TZ and the locale, and an
// instant labelled "Z" must be the same instant on every host.

#include <charconv>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::detail {

/// "2026-11-30T08:39:15Z", or with `millis` "2026-11-30T08:39:15.123Z": always UTC, whatever TZ says.
inline std::string utc_timestamp(std::chrono::system_clock::time_point at, bool millis = false) {
  using namespace std::chrono;
  auto ms = floor<milliseconds>(at);
  auto day = floor<days>(ms);
  year_month_day date{day};
  hh_mm_ss<milliseconds> time{ms - day};
  auto text = fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", static_cast<int>(date.year()),
                          static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()), time.hours().count(),
                          time.minutes().count(), time.seconds().count());
  if (millis) text += fmt::format(".{:03}", time.subseconds().count());
  text += 'Z';
  return text;
}

/// "2026-11-30": the UTC date of `at`.
inline std::string utc_date(std::chrono::system_clock::time_point at) { return utc_timestamp(at).substr(0, 10); }

/// Parses "YYYY-MM-DDTHH:MM:SS[.fraction]Z" (what `utc_timestamp` writes) without the C locale's help;
/// nullopt for anything else, including offsets other than Z.
inline std::optional<std::chrono::system_clock::time_point> parse_utc_timestamp(std::string_view text) {
  using namespace std::chrono;
  auto number = [&](std::size_t at, std::size_t digits) -> std::optional<int> {
    if (at + digits > text.size()) return std::nullopt;
    int value = 0;
    for (std::size_t i = at; i < at + digits; ++i) {
      if (text[i] < '0' || text[i] > '9') return std::nullopt;
      value = value * 10 + (text[i] - '0');
    }
    return value;
  };
  if (text.size() < 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':')
    return std::nullopt;
  auto y = number(0, 4), mo = number(5, 2), d = number(8, 2), h = number(11, 2), mi = number(14, 2), s = number(17, 2);
  if (!y || !mo || !d || !h || !mi || !s || *h > 23 || *mi > 59 || *s > 60) return std::nullopt;
  year_month_day date{year{*y}, month{static_cast<unsigned>(*mo)}, day{static_cast<unsigned>(*d)}};
  if (!date.ok()) return std::nullopt;
  system_clock::time_point at = sys_days{date} + hours{*h} + minutes{*mi} + seconds{*s};
  std::size_t pos = 19;
  if (text[pos] == '.') {
    long long fraction_ns = 0;
    int digits = 0;
    for (++pos; pos < text.size() && text[pos] >= '0' && text[pos] <= '9'; ++pos, ++digits)
      if (digits < 9) fraction_ns = fraction_ns * 10 + (text[pos] - '0');
    if (digits == 0) return std::nullopt;
    for (int i = digits; i < 9; ++i) fraction_ns *= 10;
    at += duration_cast<system_clock::duration>(nanoseconds{fraction_ns});
  }
  if (pos + 1 != text.size() || text[pos] != 'Z') return std::nullopt;
  return at;
}

/// Reads the timestamps other tools leave in SQL databases — "2026-11-01 10:00:00", "2026-11-01T10:00:00.5Z",
/// PostgreSQL's "2026-11-01 05:00:00.123456-05" or "+05:30" — as an instant; no offset means UTC.
inline std::optional<std::chrono::system_clock::time_point> parse_sql_timestamp(std::string_view text) {
  using namespace std::chrono;
  if (text.size() < 19 || (text[10] != ' ' && text[10] != 'T')) return std::nullopt;
  std::string canonical(text.substr(0, 19));
  canonical[10] = 'T';
  std::size_t pos = 19;
  std::string fraction;
  if (pos < text.size() && text[pos] == '.') {
    auto end = text.find_first_not_of("0123456789", pos + 1);
    if (end == std::string_view::npos) end = text.size();
    fraction = std::string(text.substr(pos, end - pos));
    pos = end;
  }
  auto at = parse_utc_timestamp(canonical + fraction + "Z");
  if (!at) return std::nullopt;
  auto zone = text.substr(pos);
  if (zone.empty() || zone == "Z" || zone == "+00" || zone == "+00:00") return at;
  if (zone.size() < 3 || (zone[0] != '+' && zone[0] != '-')) return std::nullopt;
  auto digit = [&](std::size_t i) { return i < zone.size() && zone[i] >= '0' && zone[i] <= '9'; };
  if (!digit(1) || !digit(2)) return std::nullopt;
  int hours = (zone[1] - '0') * 10 + (zone[2] - '0'), mins = 0;
  std::size_t m = zone.size() > 3 && zone[3] == ':' ? 4 : 3;
  if (zone.size() > m) {
    if (zone.size() != m + 2 || !digit(m) || !digit(m + 1)) return std::nullopt;
    mins = (zone[m] - '0') * 10 + (zone[m + 1] - '0');
  }
  auto offset = hours * 60 + mins;
  // Local time = UTC + offset, so UTC = local - offset.
  return *at - minutes(zone[0] == '+' ? offset : -offset);
}

}  // namespace migrate::detail
