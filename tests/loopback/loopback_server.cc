// File: tests/loopback/loopback_server.cc

#include "tests/loopback/loopback_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>

#include "engine/internal/ascii.h"

namespace corsengine::loopback {
namespace {

using internal::EqualsIgnoreCase;

std::string_view ReasonPhrase(int status) {
  switch (status) {
    case 200: return "OK";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 500: return "Internal Server Error";
    default: return "Status";
  }
}

bool WriteAll(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

}  // namespace

const std::string* LoggedRequest::Find(std::string_view name) const {
  for (const Header& h : headers) {
    if (EqualsIgnoreCase(h.name, name)) return &h.value;
  }
  return nullptr;
}

LoopbackServer::LoopbackServer() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof(addr);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      ::listen(fd, 16) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(fd);
    return;
  }
  fd_ = fd;
  port_ = ntohs(addr.sin_port);
  thread_ = std::thread([this] { Serve(); });
}

LoopbackServer::~LoopbackServer() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
  if (fd_ >= 0) ::close(fd_);
}

std::string LoopbackServer::origin() const {
  return "http://127.0.0.1:" + std::to_string(port_);
}

void LoopbackServer::Answer(std::string method, std::string path,
                            LoopbackAnswer answer) {
  absl::MutexLock lock(&mu_);
  for (Route& r : routes_) {
    if (r.method == method && r.path == path) {
      r.answer = std::move(answer);
      return;
    }
  }
  routes_.push_back(Route{std::move(method), std::move(path), std::move(answer)});
}

void LoopbackServer::ClearAnswers() {
  absl::MutexLock lock(&mu_);
  routes_.clear();
}

std::vector<LoggedRequest> LoopbackServer::log() const {
  absl::MutexLock lock(&mu_);
  return log_;
}

void LoopbackServer::ClearLog() {
  absl::MutexLock lock(&mu_);
  log_.clear();
}

void LoopbackServer::Serve() {
  while (!stop_) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    const int client = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) continue;
    HandleConnection(client);
    ::close(client);
  }
}

void LoopbackServer::HandleConnection(int client) {
  // Read the head (bounded), then a Content-Length body.
  constexpr size_t kMaxRequest = 1 << 20;
  std::string data;
  size_t head_end = std::string::npos;
  char buffer[4096];
  while (head_end == std::string::npos && data.size() < kMaxRequest) {
    pollfd p{client, POLLIN, 0};
    if (::poll(&p, 1, 5000) <= 0) return;
    const ssize_t n = ::recv(client, buffer, sizeof(buffer), 0);
    if (n <= 0) return;
    data.append(buffer, static_cast<size_t>(n));
    head_end = data.find("\r\n\r\n");
  }
  if (head_end == std::string::npos) return;

  LoggedRequest request;
  std::string_view head(data.data(), head_end);
  const size_t line_end = head.find("\r\n");
  std::string_view line = head.substr(0, line_end);
  const size_t sp1 = line.find(' ');
  const size_t sp2 = line.find(' ', sp1 + 1);
  if (sp1 == std::string_view::npos || sp2 == std::string_view::npos) return;
  request.method = std::string(line.substr(0, sp1));
  request.target = std::string(line.substr(sp1 + 1, sp2 - sp1 - 1));
  size_t content_length = 0;
  std::string_view rest =
      line_end == std::string_view::npos ? std::string_view() : head.substr(line_end + 2);
  while (!rest.empty()) {
    const size_t end = rest.find("\r\n");
    std::string_view field = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 2);
    const size_t colon = field.find(':');
    if (colon == std::string_view::npos) continue;
    Header h{std::string(field.substr(0, colon)),
             std::string(internal::TrimTabOrSpace(field.substr(colon + 1)))};
    if (EqualsIgnoreCase(h.name, "content-length")) {
      content_length = std::strtoul(h.value.c_str(), nullptr, 10);
    }
    request.headers.push_back(std::move(h));
  }
  content_length = std::min(content_length, kMaxRequest);
  request.body = data.substr(head_end + 4);
  while (request.body.size() < content_length) {
    pollfd p{client, POLLIN, 0};
    if (::poll(&p, 1, 5000) <= 0) break;
    const ssize_t n = ::recv(client, buffer, sizeof(buffer), 0);
    if (n <= 0) break;
    request.body.append(buffer, static_cast<size_t>(n));
  }

  LoopbackAnswer answer;
  answer.status = 404;
  answer.body = "no route\n";
  {
    absl::MutexLock lock(&mu_);
    const std::string path = request.target.substr(0, request.target.find('?'));
    const Route* found = nullptr;
    for (const Route& r : routes_) {
      if (found == nullptr && r.method == request.method &&
          r.path == request.target) {
        found = &r;
      }
    }
    for (const Route& r : routes_) {
      if (found == nullptr && r.method == request.method && r.path == path) {
        found = &r;
      }
    }
    if (found != nullptr) answer = found->answer;
    log_.push_back(request);
  }

  std::string response = "HTTP/1.1 " + std::to_string(answer.status) + " " +
                         std::string(ReasonPhrase(answer.status)) + "\r\n";
  for (const Header& h : answer.headers) {
    response += h.name + ": " + h.value + "\r\n";
  }
  if (!bare_) {
    response += "Content-Length: " + std::to_string(answer.body.size()) +
                "\r\nConnection: close\r\n";
  }
  response += "\r\n";
  if (request.method != "HEAD") response += answer.body;
  WriteAll(client, response);
}

}  // namespace corsengine::loopback
