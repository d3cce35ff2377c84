// The schema model (migrate/schema/model.hpp) following a column through the changes a chain makes to it: renamed,
// altered, dropped and added again, its table renamed, a foreign key to it renamed with it. The same fold is
// checked while compiling (static_assert) and at run time (the model `verify --schema` and `schema` read).
#include <string_view>

#include <catch2/catch.hpp>
#include <migrate/schema.hpp>

namespace {

using namespace migrate::schema;

struct chain : operation_vocabulary {
  static constexpr auto ops = operations(
      create_table("users", column("id", auto_id), column("email", varchar(255)).not_null()),
      create_table("doses", column("id", auto_id), column("user_id", integer).references("users", "id")),
      rename_column("users", "email", "mail"),
      alter_column("users", "mail").type(text, varchar(255)).nullable(true).default_("'none'"),
      drop_column("users", column("mail", text)),
      add_column("users", column("mail", varchar(100)).not_null()),
      rename_table("users", "people"),
      rename_column("people", "id", "pid"));
};

// Room for what the operations define, counted as the registry counts it (detail::model_capacity).
inline constexpr model_size room = [] {
  model_size size{};
  size += size_of(chain::ops.ops);
  return size;
}();

// The columns of `table` after the first `count` operations: "name type nullable default reference".
struct column_view {
  std::string_view name;
  type_family family;
  bool nullable;
  std::string_view default_sql;
  std::string_view ref_table;
  std::string_view ref_column;
  constexpr bool operator==(const column_view&) const = default;
};
template <std::size_t N>
struct columns_of {
  column_view columns[N]{};
  std::size_t count = 0;
};
template <std::size_t N>
constexpr columns_of<N> fold(std::string_view table, std::size_t count) {
  schema_model<room> model;
  for (std::size_t k = 0; k < count; ++k) model.apply_operation(chain::ops.ops[k]);
  columns_of<N> out;
  if (const auto* t = model.table(table); t && t->exists)
    model.for_each_column(*t, [&](const column_def& c) {
      if (out.count < N)
        out.columns[out.count] = {c.name, c.type.family, c.nullable, c.default_sql, c.references_.table,
                                  c.references_.column};
      ++out.count;
    });
  return out;
}

constexpr std::size_t all = chain::ops.ops.size();

// While compiling: the fold the registry runs.
static_assert(fold<2>("users", 3).columns[1] == column_view{"mail", type_family::varchar, false, {}, {}, {}},
              "a renamed column keeps its definition under its new name");
static_assert(fold<2>("users", 4).columns[1] == column_view{"mail", type_family::text, true, "'none'", {}, {}},
              "alter_column changes the renamed column's own copy");
static_assert(fold<2>("users", 5).count == 1, "the dropped column is gone");
static_assert(fold<2>("users", 6).columns[1] == column_view{"mail", type_family::varchar, false, {}, {}, {}},
              "a column added again has the definition it is added with, not the one it had");
static_assert(fold<2>("people", all).columns[0].name == "pid");
static_assert(fold<2>("doses", all).columns[1] ==
                  column_view{"user_id", type_family::integer, true, {}, "people", "pid"},
              "a foreign key follows its table's and its column's renames");

TEST_CASE("the model follows a column through renames, alters, a drop and a re-add", "[schema][model]") {
  // At run time: the same fold, on the values `verify --schema` and `schema --dialect` read.
  auto after = [](std::string_view table, std::size_t count) { return fold<4>(table, count); };

  auto renamed = after("users", 3);
  REQUIRE(renamed.count == 2);
  CHECK(renamed.columns[0].name == "id");
  CHECK(renamed.columns[1] == column_view{"mail", type_family::varchar, false, {}, {}, {}});

  auto altered = after("users", 4);
  CHECK(altered.columns[1] == column_view{"mail", type_family::text, true, "'none'", {}, {}});

  CHECK(after("users", 5).count == 1);

  auto added_again = after("users", 6);
  REQUIRE(added_again.count == 2);
  CHECK(added_again.columns[1] == column_view{"mail", type_family::varchar, false, {}, {}, {}});

  CHECK(after("users", all).count == 0);  // renamed away
  auto people = after("people", all);
  REQUIRE(people.count == 2);
  CHECK(people.columns[0].name == "pid");
  CHECK(people.columns[1] == column_view{"mail", type_family::varchar, false, {}, {}, {}});

  auto doses = after("doses", all);
  REQUIRE(doses.count == 2);
  CHECK(doses.columns[1] == column_view{"user_id", type_family::integer, true, {}, "people", "pid"});
}

TEST_CASE("the operations the model points at are unchanged by the changes it records", "[schema][model]") {
  (void)fold<4>("people", all);
  // The model copies a definition before it changes it: the migration's own operations still say what they said.
  const auto& users = chain::ops.ops[0];
  REQUIRE(users.columns.size() == 2);
  CHECK(users.columns[1].name == "email");
  CHECK(users.columns[1].type.family == type_family::varchar);
  CHECK_FALSE(users.columns[1].nullable);
  CHECK(chain::ops.ops[1].columns[1].references_.table == "users");
  CHECK(chain::ops.ops[1].columns[1].references_.column == "id");
}

}  // namespace
