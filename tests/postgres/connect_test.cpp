// Connecting never hangs and never prints the URL or a secret: a server that accepts TCP and never answers,
// one that hangs up at once, URLs libpq cannot parse, and server errors that would echo the password.
#include <poll.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "postgres_fixture.hpp"

namespace {

/// A loopback TCP port that accepts connections and never says a word. With `hang_up`, it closes each one at
/// once; otherwise it holds them for at most `hold`, so that a client without a timeout ends instead of hanging.
class silent_listener {
 public:
  explicit silent_listener(bool hang_up, std::chrono::seconds hold = std::chrono::seconds(30)) : hang_up_(hang_up) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&address), size) != 0 || ::listen(fd_, 16) != 0 ||
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &size) != 0)
      throw std::runtime_error("cannot open a loopback listener");
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this, until = std::chrono::steady_clock::now() + hold] { serve(until); });
  }
  ~silent_listener() {
    stop_ = true;
    thread_.join();
    ::close(fd_);
  }
  int port() const { return port_; }

 private:
  void serve(std::chrono::steady_clock::time_point until) {
    std::vector<int> held;
    while (!stop_ && std::chrono::steady_clock::now() < until) {
      pollfd waiting{fd_, POLLIN, 0};
      if (::poll(&waiting, 1, 50) <= 0) continue;
      int client = ::accept(fd_, nullptr, nullptr);
      if (client < 0) continue;
      if (hang_up_)
        ::close(client);
      else
        held.push_back(client);
    }
    for (int client : held) ::close(client);
  }

  bool hang_up_;
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

/// The message of the error opening `url` throws; fails the test if it opens or throws anything else.
std::string connect_error(const std::string& url, migrate::postgres::options options = {},
                          migrate::errc expected = migrate::errc::store_failure) {
  try {
    migrate::postgres::store store(url, std::move(options));
  } catch (const migrate::error& e) {
    CHECK(e.code() == expected);
    return e.what();
  }
  FAIL("expected a connection failure");
  return {};
}

}  // namespace

using Catch::Matchers::Contains;

TEST_CASE("a server that accepts and never answers fails after the connect timeout", "[postgres][timeout]") {
  silent_listener server(false);
  migrate::postgres::options options;
  options.connect_timeout = std::chrono::seconds(2);
  auto started = std::chrono::steady_clock::now();
  auto message = connect_error(fmt::format("postgresql://migrate:hunter2@127.0.0.1:{}/clinic", server.port()), options);
  auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  fmt::print("connect timeout of 2 s reported after {} ms: {}\n", took.count(), message);
  CHECK_THAT(message, Contains(fmt::format("cannot connect to PostgreSQL at 127.0.0.1:{}", server.port())));
  CHECK_THAT(message, Contains("connect timeout 2 s"));
  CHECK_THAT(message, Contains("timeout expired"));
  CHECK_THAT(message, !Contains("hunter2") && !Contains("postgresql://"));
}

TEST_CASE("the URL's connect_timeout wins over the option", "[postgres][timeout]") {
  silent_listener server(false);
  migrate::postgres::options options;
  options.connect_timeout = std::chrono::seconds(60);
  auto message = connect_error(
      fmt::format("postgresql://migrate:hunter2@127.0.0.1:{}/clinic?connect_timeout=3", server.port()), options);
  CHECK_THAT(message, Contains("connect timeout 3 s") && Contains("timeout expired"));
  CHECK_THAT(message, !Contains("hunter2") && !Contains("postgresql://"));
}

TEST_CASE("a server that hangs up at once fails at once, naming host, port and the default timeout",
          "[postgres][timeout]") {
  silent_listener server(true);
  auto message = connect_error(fmt::format("postgresql://migrate:Sec%3Fret@127.0.0.1:{}/clinic", server.port()));
  CHECK_THAT(message, Contains(fmt::format("at 127.0.0.1:{} (database clinic, connect timeout 10 s)", server.port())));
  CHECK_THAT(message, Contains("server closed the connection unexpectedly"));
  CHECK_THAT(message, !Contains("Sec") && !Contains("postgresql://"));
}

TEST_CASE("connection strings libpq rejects are never echoed", "[postgres][secrets]") {
  struct bad {
    std::string url, secret, says;
    migrate::errc code = migrate::errc::store_failure;
  };
  for (const auto& [url, secret, says, code] : std::vector<bad>{
           // Malformed URLs are refused by migrate's own parser before libpq sees them.
           {"postgresql://migrate:hunter2@[::1/clinic", "hunter2", "unbalanced [ ] around an IPv6 host",
            migrate::errc::bad_database_url},
           {"postgresql://migrate:hun%zzter2@127.0.0.1/clinic", "zzter2", "a '%' not followed by two hex digits",
            migrate::errc::bad_database_url},
           {"postgresql://migrate:hunter2@127.0.0.1:99999/clinic", "hunter2", "invalid port number"},
           {"postgresql://migrate@127.0.0.1/clinic?password=hunter2&bogus=1", "hunter2", "bogus"},
           {"host=127.0.0.1 port=1 password=hunter2 bogus=1", "hunter2", "invalid connection option"},
       }) {
    INFO(url);
    auto message = connect_error(url, {}, code);
    CHECK_THAT(message, Contains(says));
    CHECK_THAT(message, !Contains(secret) && !Contains(url));
  }
}

TEST_CASE("statement errors never show the connection's password, even percent-decoded", "[postgres][secrets]") {
  auto url = migrate_test::test_server_url();
  // Trust authentication accepts any password; libpq decodes %2D to '-'.
  migrate::postgres::store store("postgresql://migrate:hunter2%2Dsecret@" + url.substr(url.find('@') + 1));
  try {
    store.session().execute_script("SELECT 'hunter2-secret'::int");
    FAIL("expected a failing statement");
  } catch (const migrate::postgres::error& e) {
    CHECK(e.sqlstate() == "22P02");
    CHECK_THAT(e.what(), Contains("invalid input syntax for type integer"));
    CHECK_THAT(e.what(), !Contains("hunter2-secret"));
  }
}

TEST_CASE("a libpq key=value string still connects, and its connect_timeout wins", "[postgres][timeout]") {
  auto url = migrate_test::test_server_url();  // postgresql://migrate@127.0.0.1:PORT/postgres
  auto host_port = url.substr(url.find('@') + 1, url.rfind('/') - url.find('@') - 1);
  auto port = host_port.substr(host_port.find(':') + 1);
  migrate::postgres::store store(
      fmt::format("host=127.0.0.1 port={} user=migrate dbname=postgres connect_timeout=7", port));
  CHECK(store.session().query_value<std::string>("SELECT current_database()") == "postgres");
  CHECK(store.session().query_value<std::string>("SHOW application_name") == "migrate");
  silent_listener server(true);
  CHECK_THAT(connect_error(fmt::format("host=127.0.0.1 port={} user=migrate password=hunter2 connect_timeout=7",
                                       server.port())),
             Contains("connect timeout 7 s") && !Contains("hunter2") && !Contains("password="));
}
