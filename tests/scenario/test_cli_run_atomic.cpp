// All-or-nothing pipeline runs (issue 12): a run killed in any phase leaves the out folder
// exactly as its manifest says (the previous run's files, nothing else); a successful run
// leaves exactly its own files (outputs it no longer makes are gone); a second run into a
// folder in use is refused; a bad value in the last stage changes nothing.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <regex>
#include <set>
#include <thread>

#include <nlohmann/json.hpp>

#include "../support.hpp"
#include "hotspot/io/hash.hpp"
#include "hotspot/pipeline/out_folder.hpp"

namespace {

namespace fs = std::filesystem;
std::string q(const fs::path& p) {
  return "'" + p.string() + "'";
}

/// The shipped pipeline with absolute input paths, a title and a number of teams.
fs::path write_pipeline(const fs::path& dir, const std::string& name, const std::string& title,
                        int teams, const std::string& extra = "") {
  std::string t = test::slurp(test::geodata() / "deventer.toml");
  t = std::regex_replace(t, std::regex("\"deventer_"),
                         "\"" + test::geodata().string() + "/deventer_");
  t = std::regex_replace(t, std::regex("title = \"[^\"]*\""), "title = \"" + title + "\"",
                         std::regex_constants::format_first_only);
  t = std::regex_replace(t, std::regex("teams = 2"), "teams = " + std::to_string(teams));
  const fs::path f = dir / name;
  test::spit(f, t + extra);
  return f;
}

/// The title of the run whose manifest describes `out` exactly (every file listed with its
/// hash, no other file), or "" when the folder is anything else (a mix, or missing files).
std::string published_title(const fs::path& out) {
  if (!fs::exists(out / "manifest.json")) return "";
  nlohmann::json m;
  try {
    m = nlohmann::json::parse(test::slurp(out / "manifest.json"));
  } catch (...) {
    return "";
  }
  std::set<std::string> listed{"manifest.json"};
  for (const auto& o : m["outputs"]) {
    const std::string f = o["file"];
    listed.insert(f);
    if (!fs::exists(out / f) || hotspot::sha256_file(out / f) != o["sha256"].get<std::string>())
      return "";
  }
  const auto files = hotspot::pipeline::list_files(out);
  if (std::set<std::string>(files.begin(), files.end()) != listed) return "";
  return m["settings"]["run"]["title"];
}

/// Start `hotspot run FILE --out OUT -v`, read its stderr until a line contains `marker`,
/// wait `delay_us`, and kill it. Returns false when the run ended before the marker.
bool kill_at(const fs::path& file, const fs::path& out, const std::string& marker, int delay_us) {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::dup2(fds[1], 2);
    ::close(fds[0]);
    int devnull = ::open("/dev/null", O_WRONLY);
    ::dup2(devnull, 1);
    execl(HOTSPOT_CLI, HOTSPOT_CLI, "run", file.c_str(), "--out", out.c_str(), "-v",
          static_cast<char*>(nullptr));
    _exit(127);
  }
  ::close(fds[1]);
  std::string seen;
  bool hit = marker.empty();
  char buf[4096];
  while (!hit) {
    const ssize_t n = ::read(fds[0], buf, sizeof buf);
    if (n <= 0) break;
    seen.append(buf, static_cast<std::size_t>(n));
    hit = seen.find(marker) != std::string::npos;
  }
  if (delay_us > 0) std::this_thread::sleep_for(std::chrono::microseconds(delay_us));
  ::kill(pid, SIGKILL);
  ::close(fds[0]);
  int st = 0;
  ::waitpid(pid, &st, 0);
  return hit;
}

}  // namespace

TEST_CASE("cli.run: a run killed in any phase leaves the previous run, exactly",
          "[cli][run][atomic]") {
  test::TempDir d;
  const fs::path a = write_pipeline(d.path, "a.toml", "Run A", 3);
  const fs::path b = write_pipeline(d.path, "b.toml", "Run B", 2);
  const fs::path out = d / "out";
  auto ra = test::run_cli("run " + q(a) + " --out " + q(out) + " -q");
  INFO(ra.err);
  REQUIRE(ra.exit_code == 0);
  REQUIRE(published_title(out) == "Run A");
  REQUIRE(fs::exists(out / "flexteam" / "team_3.gpx"));
  // Every phase: before the first stage, inside each of the 15 stages (the map series and the
  // web map included), and while publishing.
  std::vector<std::string> markers{"", "writing into"};
  for (int k = 1; k <= 15; ++k) markers.push_back("[" + std::to_string(k) + "/15]");
  markers.push_back("publishing");
  int killed_inside = 0;
  for (const auto& m : markers)
    for (int delay_us : {0, 2000, 20000}) {
      const bool hit = kill_at(b, out, m, delay_us);
      killed_inside += hit;
      const std::string t = published_title(out);
      INFO("killed at '" << m << "' + " << delay_us << " us");
      // Killed after the switch, the folder is run B's, whole; before it, run A's, whole.
      CHECK((t == "Run A" || t == "Run B"));
      if (t == "Run B") {  // put run A back for the next kill
        REQUIRE(test::run_cli("run " + q(a) + " --out " + q(out) + " -q").exit_code == 0);
      }
      // No staging folder of a dead run is mistaken for output; the next run removes it.
      for (const auto& e : fs::directory_iterator(d.path))
        CHECK(e.path().filename().string().find(".staging-") != 0);
    }
  CHECK(killed_inside >= 46);  // the markers were reached: the kills landed inside the run
  // The next successful run publishes exactly its own files: with 2 teams, team_3.gpx is gone,
  // and the staging folders the killed runs left are removed.
  auto rb = test::run_cli("run " + q(b) + " --out " + q(out) + " -q");
  REQUIRE(rb.exit_code == 0);
  CHECK(published_title(out) == "Run B");
  CHECK_FALSE(fs::exists(out / "flexteam" / "team_3.gpx"));
  for (const auto& e : fs::directory_iterator(d.path))
    CHECK(e.path().filename().string().find(".out.staging-") == std::string::npos);
}

TEST_CASE("cli.run: a second run into a folder in use is refused, naming the other process",
          "[cli][run][atomic]") {
  test::TempDir d;
  const fs::path a = write_pipeline(d.path, "a.toml", "Run A", 2);
  const fs::path b = write_pipeline(d.path, "b.toml", "Run B", 2);
  const fs::path out = d / "out";
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::dup2(fds[1], 2);
    ::close(fds[0]);
    int devnull = ::open("/dev/null", O_WRONLY);
    ::dup2(devnull, 1);
    execl(HOTSPOT_CLI, HOTSPOT_CLI, "run", a.c_str(), "--out", out.c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  ::close(fds[1]);
  std::string seen;
  char buf[4096];
  while (seen.find("[1/15]") == std::string::npos) {
    const ssize_t n = ::read(fds[0], buf, sizeof buf);
    if (n <= 0) break;
    seen.append(buf, static_cast<std::size_t>(n));
  }
  REQUIRE(seen.find("[1/15]") != std::string::npos);
  auto r = test::run_cli("run " + q(b) + " --out " + q(out));
  CHECK(r.exit_code == 7);
  CHECK(r.err.find("in use by another hotspot run") != std::string::npos);
  CHECK(r.err.find("process " + std::to_string(pid)) != std::string::npos);
  while (::read(fds[0], buf, sizeof buf) > 0) {
  }
  ::close(fds[0]);
  int st = 0;
  ::waitpid(pid, &st, 0);
  REQUIRE(WIFEXITED(st));
  CHECK(WEXITSTATUS(st) == 0);
  CHECK(published_title(out) == "Run A");  // the refused run changed nothing
  // Once the first run is over the folder is free again.
  CHECK(test::run_cli("run " + q(b) + " --out " + q(out) + " -q").exit_code == 0);
  CHECK(published_title(out) == "Run B");
}

TEST_CASE("cli.run: a bad value in the last stage leaves the out folder byte-identical",
          "[cli][run][atomic]") {
  test::TempDir d;
  const fs::path a = write_pipeline(d.path, "a.toml", "Run A", 2);
  const fs::path out = d / "out";
  REQUIRE(test::run_cli("run " + q(a) + " --out " + q(out) + " -q").exit_code == 0);
  std::map<std::string, std::string> before;
  for (const auto& f : hotspot::pipeline::list_files(out)) before[f] = test::slurp(out / f);
  auto same = [&] {
    std::map<std::string, std::string> now;
    for (const auto& f : hotspot::pipeline::list_files(out)) now[f] = test::slurp(out / f);
    return now == before;
  };
  SECTION("a word where the route wants a number") {
    std::string t = test::slurp(a);
    test::spit(d / "bad.toml", std::regex_replace(t, std::regex("teams = 2"), "teams = \"two\""));
    auto r = test::run_cli("run " + q(d / "bad.toml") + " --out " + q(out));
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("teams") != std::string::npos);
    CHECK(r.err.find("line ") != std::string::npos);
  }
  SECTION("a value out of range in the export") {
    const fs::path bad = write_pipeline(d.path, "bad.toml", "Run X", 2, "dpi = 0\n");
    auto r = test::run_cli("run " + q(bad) + " --out " + q(out));
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("dpi") != std::string::npos);
  }
  SECTION("a stage that fails while running") {
    // Valid options, but the score's config file is no TOML: found only when stage 9 runs.
    test::spit(d / "w.toml", "[weights\n");
    std::string t = test::slurp(a);
    t = std::regex_replace(t, std::regex("buffer-m = 50"),
                           "buffer-m = 50\nconfig = \"" + (d / "w.toml").string() + "\"");
    test::spit(d / "bad.toml", t);
    auto r = test::run_cli("run " + q(d / "bad.toml") + " --out " + q(out));
    CHECK(r.exit_code != 0);
  }
  CHECK(same());
  CHECK(published_title(out) == "Run A");
}

TEST_CASE("cli.run: the out folder must be empty, new or a hotspot out folder",
          "[cli][run][atomic]") {
  test::TempDir d;
  const fs::path a = write_pipeline(d.path, "a.toml", "Run A", 2);
  SECTION("a folder of other files (here: the pipeline's own folder)") {
    auto r = test::run_cli("run " + q(a) + " --out " + q(d.path));
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("not a hotspot out folder") != std::string::npos);
    CHECK(fs::exists(a));
  }
  SECTION("a file added to a published folder is not deleted") {
    REQUIRE(test::run_cli("run " + q(a) + " --out " + q(d / "out") + " -q").exit_code == 0);
    test::spit(d / "out" / "notes.txt", "mine");
    auto r = test::run_cli("run " + q(a) + " --out " + q(d / "out"));
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("notes.txt") != std::string::npos);
    CHECK(test::slurp(d / "out" / "notes.txt") == "mine");
  }
}
