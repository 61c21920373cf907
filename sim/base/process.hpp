// Runs jobs (a sweep's points, a run's what-if variants) as child processes (fork + exec;
// SystemC cannot elaborate twice in one process), at most N at once, and reports each as it
// ends. A child dies with its parent (PR_SET_PDEATHSIG), so `kill -9` leaves none running.
#pragma once
#include <functional>
#include <string>
#include <vector>

namespace sasim {

struct Job {
    std::vector<std::string> argv;  // argv[0]: the executable's path
    std::string stderr_path;        // the child's stderr goes here; stdin, stdout: /dev/null
};

struct JobEnd {
    size_t job = 0;      // index into the job list
    int exit_code = -1;  // -1 when killed by a signal
    int signal = 0;
    double seconds = 0;  // wall time of the child
};

// Contract: starts jobs in order, keeps at most `parallel` running, calls on_end in this
// process as each child ends, and on_tick about every `tick_ms` while waiting. If a callback
// throws, the running children are killed and waited for before the exception propagates.
void run_jobs(const std::vector<Job>& jobs, int parallel,
              const std::function<void(const JobEnd&)>& on_end,
              const std::function<void()>& on_tick, int tick_ms = 250);

// "exit 2" or "signal 9 (Killed)".
std::string describe_end(const JobEnd& e);

// This program's own executable (/proc/self/exe), to run the points with the same binary.
std::string self_executable();

// CPUs this process may run on (sched_getaffinity), at least 1.
int available_cpus();

}  // namespace sasim
