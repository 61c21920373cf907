// `sasim sweep SPEC.toml [--out DIR] [--jobs N] [--shard I/N] [--list] [--quiet]` and
// `sasim merge --out DIR SHARD_DIR...`. Each takes argv starting at its own name and returns
// the exit status: 0 all points ok, 1 a point failed (or, for merge, has no result), 2 bad input.
#pragma once

namespace sasim {

int sweep_command(int argc, char** argv);
int merge_command(int argc, char** argv);

}  // namespace sasim
