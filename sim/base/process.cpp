// The sweep's process pool: fork + execv per point, SIGCHLD blocked and waited for with
// sigtimedwait so an ending child wakes the loop at once and progress can still tick.
#include "sim/base/process.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <map>
#include <stdexcept>

namespace sasim {

namespace {

using Clock = std::chrono::steady_clock;

// In the child only async-signal-safe calls: everything is prepared before fork().
[[noreturn]] void exec_child(char* const* argv, const char* err_path, const sigset_t& mask,
                             pid_t parent) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);  // the sweep died before prctl took effect
    sigprocmask(SIG_SETMASK, &mask, nullptr);
    const int null = open("/dev/null", O_RDWR);
    const int err = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (null < 0 || err < 0) _exit(126);
    dup2(null, 0);
    dup2(null, 1);
    dup2(err, 2);
    execv(argv[0], argv);
    const char msg[] = "sasim sweep: cannot execute the point's command\n";
    [[maybe_unused]] auto n = write(2, msg, sizeof msg - 1);
    _exit(127);
}

pid_t spawn(const Job& job, const sigset_t& child_mask) {
    std::vector<char*> argv;
    for (const std::string& a : job.argv) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    const pid_t parent = getpid();
    const pid_t pid = fork();
    if (pid < 0) throw std::runtime_error(fmt::format("fork failed: {}", std::strerror(errno)));
    if (pid == 0) exec_child(argv.data(), job.stderr_path.c_str(), child_mask, parent);
    return pid;
}

struct Running {
    size_t job;
    Clock::time_point start;
};

void kill_all(std::map<pid_t, Running>& running) {
    for (const auto& [pid, r] : running) kill(pid, SIGKILL);
    for (const auto& [pid, r] : running) waitpid(pid, nullptr, 0);
    running.clear();
}

// Reaps every child that has ended; returns how many.
int reap(std::map<pid_t, Running>& running, const std::function<void(const JobEnd&)>& on_end) {
    int n = 0;
    for (;;) {
        int status = 0;
        const pid_t pid = waitpid(-1, &status, WNOHANG);
        if (pid <= 0) return n;
        auto it = running.find(pid);
        if (it == running.end()) continue;  // not one of ours
        JobEnd e;
        e.job = it->second.job;
        e.seconds = std::chrono::duration<double>(Clock::now() - it->second.start).count();
        if (WIFEXITED(status))
            e.exit_code = WEXITSTATUS(status);
        else
            e.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
        running.erase(it);
        ++n;
        on_end(e);
    }
}

}  // namespace

void run_jobs(const std::vector<Job>& jobs, int parallel,
              const std::function<void(const JobEnd&)>& on_end,
              const std::function<void()>& on_tick, int tick_ms) {
    sigset_t chld, old;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, &old);
    std::map<pid_t, Running> running;
    size_t next = 0;
    try {
        while (next < jobs.size() || !running.empty()) {
            while (next < jobs.size() && static_cast<int>(running.size()) < parallel) {
                running[spawn(jobs[next], old)] = {next, Clock::now()};
                ++next;
            }
            if (reap(running, on_end) > 0) continue;
            const timespec wait{tick_ms / 1000, (tick_ms % 1000) * 1000000L};
            if (sigtimedwait(&chld, nullptr, &wait) < 0) on_tick();
        }
    } catch (...) {
        kill_all(running);
        sigprocmask(SIG_SETMASK, &old, nullptr);
        throw;
    }
    sigprocmask(SIG_SETMASK, &old, nullptr);
}

std::string describe_end(const JobEnd& e) {
    if (e.exit_code >= 0) return fmt::format("exit {}", e.exit_code);
    return fmt::format("signal {} ({})", e.signal, strsignal(e.signal));
}

std::string self_executable() {
    std::vector<char> buf(4096);
    const ssize_t n = readlink("/proc/self/exe", buf.data(), buf.size() - 1);
    if (n <= 0) throw std::runtime_error("cannot find the sasim executable (/proc/self/exe)");
    return std::string(buf.data(), static_cast<size_t>(n));
}

int available_cpus() {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0) return CPU_COUNT(&set);
    const long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? static_cast<int>(n) : 1;
}

}  // namespace sasim
