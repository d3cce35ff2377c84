// The schema model (migrate/schema/model.hpp) following a column through the changes a chain makes to it: renamed,
// altered, dropped and added again, its table renamed, a foreign key to it renamed with it; and an index and a
// foreign key constraint following the renames of the columns and tables they list. The same fold is checked while
// compiling (static_assert) and at run time (the model `verify --schema` and `schema` read).
#include <array>
#include <iterator>
#include <span>
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
template <std::size_t N>
constexpr model_size room_for(const operation (&ops)[N]) {
  model_size size{};
  size += size_of({ops, N});
  return size;
}

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
  schema_model<room_for(chain::ops.ops)> model;
  for (std::size_t k = 0; k < count; ++k) model.apply_operation(chain::ops.ops[k]);
  columns_of<N> out;
  if (const auto* t = model.table(table); t && t->exists)
    model.for_each_column(*t, [&](const column_def& c) {
      if (out.count < N)
        out.columns[out.count] = {c.name, c.type.family, c.nullable(), c.default_sql, c.references_.table,
                                  c.references_.column};
      ++out.count;
    });
  return out;
}

constexpr std::size_t all = std::size(chain::ops.ops);

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
  CHECK_FALSE(users.columns[1].nullable());
  CHECK(chain::ops.ops[1].columns[1].references_.table == "users");
  CHECK(chain::ops.ops[1].columns[1].references_.column == "id");
}

// An index and a foreign key constraint follow the renames of what they list; a derived downgrade's description of
// them is judged against their names as they are now.
struct keyed_chain : operation_vocabulary {
  static constexpr auto ops = operations(
      create_table("users", column("id", auto_id), column("email", varchar(255))),
      create_table("doses", column("id", auto_id), column("user_id", integer)),
      create_index("ix_users_email", "users", "email").unique(),
      add_foreign_key("fk_doses_user", "doses", "user_id", "users", "id"),
      rename_column("users", "email", "mail"),
      rename_table("users", "people"),
      rename_column("people", "id", "pid"),
      drop_index(create_index("ix_users_email", "people", "mail").unique()),
      create_index("ix_users_email", "people", {"mail", "pid"}));
  // The index described by the name its column had before the rename.
  static constexpr auto stale = operations(drop_index(create_index("ix_users_email", "people", "email").unique()));
};

// The keys of `table` after the first `count` operations (each a step whose downgrade is derived), and the first
// problem met.
struct key_view {
  std::string_view name;
  std::string_view columns[2]{};
  std::string_view ref_table;
  std::string_view ref_column;
  bool unique = false;
  constexpr bool operator==(const key_view&) const = default;
};
struct keys_of {
  key_view keys[2]{};
  std::size_t count = 0;
  schema_problem problem = schema_problem::none;
};
constexpr keys_of fold_keys(std::string_view table, std::size_t count, bool stale_drop = false) {
  schema_model<room_for(keyed_chain::ops.ops)> model;
  keys_of out;
  const auto apply = [&](const operation& op, std::size_t k) {
    if (out.problem != schema_problem::none) return;
    model_step step{};  // the fold's entries are zero unless set (no member initialisers)
    step.ops = {&op, 1};
    step.derives_down = true;
    out.problem = model.apply(step, k).problem;
  };
  for (std::size_t k = 0; k < count; ++k) apply(keyed_chain::ops.ops[k], k);
  if (stale_drop) apply(keyed_chain::stale.ops[0], count);
  if (const auto* t = model.table(table); t && t->exists)
    model.for_each_key(*t, [&](const operation& key) {
      if (out.count < 2) {
        key_view& v = out.keys[out.count];
        v.name = key.name;
        v.ref_table = key.ref_table;
        v.unique = key.is_unique;
        for (std::size_t i = 0; i < key.keys.size() && i < 2; ++i) v.columns[i] = key.keys.names[i];
        if (!key.ref_keys.empty()) v.ref_column = key.ref_keys.names[0];
      }
      ++out.count;
    });
  return out;
}

static_assert(fold_keys("people", 7).keys[0] == key_view{"ix_users_email", {"mail", {}}, {}, {}, true},
              "an index follows its column's rename and its table's");
static_assert(fold_keys("doses", 7).keys[0] == key_view{"fk_doses_user", {"user_id", {}}, "people", "pid", false},
              "a foreign key constraint follows the renames of the table and column it references");
static_assert(fold_keys("people", 8).count == 0 && fold_keys("people", 8).problem == schema_problem::none,
              "a drop described with the names the index has now undoes it");
static_assert(fold_keys("people", 7, true).problem == schema_problem::definition_differs,
              "a drop described with a name the rename replaced would not restore the index");
static_assert(fold_keys("people", 9).keys[0] == key_view{"ix_users_email", {"mail", "pid"}, {}, {}, false},
              "an index made again under the same name lists what it is made with");

TEST_CASE("the model's indexes and constraints follow renames", "[schema][model]") {
  auto after = [](std::string_view table, std::size_t count, bool stale = false) {
    return fold_keys(table, count, stale);
  };
  auto people = after("people", 7);
  REQUIRE(people.count == 1);
  CHECK(people.keys[0] == key_view{"ix_users_email", {"mail", {}}, {}, {}, true});
  auto doses = after("doses", 7);
  REQUIRE(doses.count == 1);
  CHECK(doses.keys[0] == key_view{"fk_doses_user", {"user_id", {}}, "people", "pid", false});

  CHECK(after("people", 8).problem == schema_problem::none);
  CHECK(after("people", 8).count == 0);
  CHECK(after("people", 7, true).problem == schema_problem::definition_differs);

  auto again = after("people", 9);
  REQUIRE(again.count == 1);
  CHECK(again.keys[0] == key_view{"ix_users_email", {"mail", "pid"}, {}, {}, false});
  CHECK(after("doses", 9).keys[0].ref_column == "pid");

  // The operations the keys point at still list the names they were written with.
  CHECK(keyed_chain::ops.ops[2].keys.names[0] == "email");
  CHECK(keyed_chain::ops.ops[3].ref_table == "users");
  CHECK(keyed_chain::ops.ops[3].ref_keys.names[0] == "id");
}

// A table dropped and created again under its name starts empty: the columns and indexes the dropped one had are
// neither listed (the export, drift) nor in the way of a later migration that adds them again.
struct recreated_chain : operation_vocabulary {
  static constexpr auto ops = operations(
      create_table("visits", column("id", auto_id), column("note", text)),
      create_index("ix_visits_note", "visits", "note"),
      drop_table("visits"),
      create_table("visits", column("id", auto_id), column("taken_at", timestamp)),
      add_column("visits", column("note", varchar(40))),
      create_index("ix_visits_note", "visits", "note"));
};
struct recreated_view {
  std::string_view columns[4]{};
  std::size_t column_count = 0;
  std::size_t key_count = 0;
  schema_problem problem = schema_problem::none;
};
constexpr recreated_view fold_recreated(std::size_t count) {
  schema_model<room_for(recreated_chain::ops.ops)> model;
  recreated_view out;
  for (std::size_t k = 0; k < count && out.problem == schema_problem::none; ++k)
    out.problem = model.apply_operation(recreated_chain::ops.ops[k]).problem;
  if (const auto* t = model.table("visits"); t && t->exists) {
    model.for_each_column(*t, [&](const column_def& c) {
      if (out.column_count < 4) out.columns[out.column_count] = c.name;
      ++out.column_count;
    });
    model.for_each_key(*t, [&](const operation&) { ++out.key_count; });
  }
  return out;
}
static_assert(fold_recreated(4).column_count == 2 && fold_recreated(4).columns[0] == "id" &&
                  fold_recreated(4).columns[1] == "taken_at" && fold_recreated(4).key_count == 0,
              "a table created again lists the columns it is created with, and none of the dropped one's");
static_assert(fold_recreated(6).problem == schema_problem::none && fold_recreated(6).column_count == 3 &&
                  fold_recreated(6).columns[2] == "note" && fold_recreated(6).key_count == 1,
              "a column and an index the dropped table had may be added to the table created again");

TEST_CASE("a table dropped and created again starts empty", "[schema][model]") {
  const auto again = fold_recreated(4);
  REQUIRE(again.problem == schema_problem::none);
  REQUIRE(again.column_count == 2);
  CHECK(again.columns[0] == "id");
  CHECK(again.columns[1] == "taken_at");
  CHECK(again.key_count == 0);

  const auto added = fold_recreated(6);
  CHECK(added.problem == schema_problem::none);
  REQUIRE(added.column_count == 3);
  CHECK(added.columns[2] == "note");
  CHECK(added.key_count == 1);
}

// The fold reads its steps through detail::view (schema/detail/view.hpp): what it reads must be what it views.
constexpr std::string_view viewed_tables[] = {"users", "doses", "visits"};
constexpr bool view_reads_what_it_views() {
  const auto all = detail::view_of(viewed_tables);
  const detail::view<std::string_view> tail{viewed_tables + 1, 2};
  const detail::view<std::string_view> none{};
  constexpr std::array<std::string_view, 2> pair{"a", "b"};
  const auto both = detail::view_of(pair);
  std::size_t walked = 0;
  for (std::string_view t : tail) walked += t.size();
  return all.size() == 3 && !all.empty() && all.data() == viewed_tables && all[2] == "visits" &&
         all.end() - all.begin() == 3 && tail[0] == "doses" && walked == 11 && none.empty() && none.size() == 0 &&
         none.begin() == none.end() && both.size() == 2 && both.data() == pair.data() && both[1] == "b";
}
static_assert(view_reads_what_it_views(), "a view reads the elements it views, and a value-initialised one none");

TEST_CASE("a view reads what it views", "[schema][model]") {
  const auto all = detail::view_of(viewed_tables);
  REQUIRE(all.size() == 3);
  CHECK(all[0] == "users");
  CHECK(all.data() == viewed_tables);
  const detail::view<std::string_view> tail{viewed_tables + 1, 2};
  std::size_t seen = 0;
  for (std::string_view t : tail) CHECK(t == viewed_tables[1 + seen++]);
  CHECK(seen == 2);
  CHECK(detail::view<std::string_view>{}.empty());
}

}  // namespace
