// Whole-file reads with a size limit and atomic whole-file writes: the one place every reader
// and writer of sasim's own files goes through.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace sasim {

// The file's bytes. Throws InputError "PATH: cannot open WHAT: <reason>", "PATH: cannot read
// WHAT: <reason>" or "PATH: WHAT is larger than the limit of MAX bytes" (read no further).
std::string read_file(const std::string& path, const std::string& what, int64_t max_bytes);

// The file's bytes, or nullopt if it is no regular file or cannot be read.
std::optional<std::string> try_read_file(const std::string& path);

// A sibling temporary name for `path`: ".NAME.tmp-<pid>.EXT".
std::string temp_name_for(const std::string& path);

// Writes `text` to a sibling temporary file, then renames it over `path`: readers see the old
// file or the new one, never a part. Throws InputError naming the path.
void write_file_atomically(const std::string& path, const std::string& text);

}  // namespace sasim
