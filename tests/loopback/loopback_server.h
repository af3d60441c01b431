// File: tests/loopback/loopback_server.h
//
// A small HTTP/1.1 server on 127.0.0.1 for tests that go over real sockets
// (the curl host, `corsctl probe`): it answers each (method, path) with a
// configured status, headers and body (404 otherwise), closes every
// connection after one response, and logs every request it got. It binds
// an ephemeral port, serves from one thread, and never leaves loopback.

#ifndef CORSENGINE_TESTS_LOOPBACK_LOOPBACK_SERVER_H_
#define CORSENGINE_TESTS_LOOPBACK_LOOPBACK_SERVER_H_

#include <atomic>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "corsengine/header_list.h"

namespace corsengine::loopback {

struct LoopbackAnswer {
  int status = 200;
  std::vector<Header> headers;
  std::string body;
};

struct LoggedRequest {
  std::string method;
  std::string target;  // path and query
  std::vector<Header> headers;
  std::string body;

  // The first header named `name` (any case), or nullptr.
  const std::string* Find(std::string_view name) const;
};

class LoopbackServer {
 public:
  // Binds and starts serving; ok() says whether that worked.
  LoopbackServer();
  ~LoopbackServer();
  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;

  bool ok() const { return fd_ >= 0; }
  int port() const { return port_; }
  // "http://127.0.0.1:PORT"
  std::string origin() const;
  std::string url(std::string_view path) const { return origin() + std::string(path); }

  // Answers `method` on `path` with `answer`, replacing any earlier one. A
  // request's whole target (path and query) is matched first, then its path
  // alone.
  void Answer(std::string method, std::string path, LoopbackAnswer answer);
  void ClearAnswers();
  // Bare answers carry only their own headers: no Content-Length and no
  // Connection (the body ends when the connection closes), as the
  // conformance corpus's recording server answered (FORMAT.md).
  void set_bare(bool bare) { bare_ = bare; }
  std::vector<LoggedRequest> log() const;
  void ClearLog();

 private:
  void Serve();
  void HandleConnection(int client);

  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<bool> bare_{false};
  std::thread thread_;
  mutable absl::Mutex mu_;
  struct Route {
    std::string method;
    std::string path;
    LoopbackAnswer answer;
  };
  std::vector<Route> routes_ ABSL_GUARDED_BY(mu_);
  std::vector<LoggedRequest> log_ ABSL_GUARDED_BY(mu_);
};

}  // namespace corsengine::loopback

#endif  // CORSENGINE_TESTS_LOOPBACK_LOOPBACK_SERVER_H_
